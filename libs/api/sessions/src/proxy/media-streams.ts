import type { ErrorCode } from '@caster/contracts';
import type { ProxyAccess } from '../access/session-access.service';

/**
 * The session's sound and microphone: WebSockets on the session origin's `/audio` and `/microphone`,
 * relayed to the same paths of the container's port (where the image's websockify routes them to
 * its audio server; docker/session-images/README.md, "Audio"). They carry raw PCM, not RFB, so
 * they go through the media relay; the RFB relay never carries them, and no other path reaches it.
 */
export type MediaStream = 'audio' | 'microphone';

const MEDIA_PATHS: Readonly<Record<string, MediaStream>> = { '/audio': 'audio', '/microphone': 'microphone' };

/**
 * The media stream a WebSocket's request URL names, or null for every other path. Judged on the
 * path the upstream request will carry: the proxy opens `ws://<container>:<port>` + the request
 * URL with the WHATWG URL parser, which resolves `.`/`..` segments and `%2e` (`/x/../audio` reaches
 * the container as `/audio`) and drops the fragment, but keeps `//x/audio` and `/audio;x` as they
 * are. The image's router (caster-websockify) matches that path exactly, cut at `?`, so both sides
 * agree on every path and none reaches the audio server that this gate did not judge as media.
 */
export function mediaStreamOf(url: string | undefined): MediaStream | null {
  let path: string;
  try {
    path = upstreamUrl('ws://session.invalid', url).pathname;
  } catch {
    return null;
  }
  return Object.hasOwn(MEDIA_PATHS, path) ? MEDIA_PATHS[path] : null;
}

/** The URL a WebSocket is opened on upstream: the container's origin followed by the request URL. */
export function upstreamUrl(origin: string, url: string | undefined): URL {
  const rest = url ?? '/';
  return new URL(`${origin}${rest.startsWith('/') ? rest : `/${rest}`}`);
}

/**
 * Whether the holder of `access` may open `stream`, decided before anything reaches the container:
 * - sound needs the session's `allowAudio`; anyone admitted to the session (share viewers too) may
 *   listen when it is on;
 * - the microphone needs `allowMicrophone` and the session's owner: a share viewer only watches
 *   and listens, it never speaks into someone else's session.
 * Answers the refusal (status, code, message), or null to let it through.
 */
export function mediaRefusal(
  stream: MediaStream | null,
  access: Pick<ProxyAccess, 'session' | 'viewOnly' | 'userId'>,
): [number, ErrorCode, string] | null {
  if (stream === null) return null;
  const settings = access.session.clientSettings;
  if (stream === 'audio')
    return settings.allowAudio ? null : [403, 'FORBIDDEN', 'Sound is not allowed in this session'];
  if (!settings.allowMicrophone) return [403, 'FORBIDDEN', 'The microphone is not allowed in this session'];
  if (!isOwner(access)) return [403, 'FORBIDDEN', 'Only the session owner may use the microphone'];
  return null;
}

/**
 * The session's owner: a grant that is not view-only, issued to the owning user (the dashboard's
 * access) or to nobody in particular (the Developer API's connect link, handed to the session's user).
 */
function isOwner(access: Pick<ProxyAccess, 'session' | 'viewOnly' | 'userId'>): boolean {
  if (access.viewOnly) return false;
  return access.userId === null || access.userId === access.session.userId;
}
