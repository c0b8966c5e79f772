import { NO_CLIENT_SETTINGS, type ClientSettings } from '@caster/contracts';

/** What the API hands out to frame a session: a single-use way in on the session's own origin. */
export interface SessionEntry {
  /** `<session origin>/.caster/enter?grant=<single-use code, about 60 s>` */
  enterUrl: string;
  /** The session's origin (`http://<id>.localhost:<port>` on a workstation). */
  origin: string;
}

export interface FrameUrlOptions {
  /** A share link's viewer: noVNC is asked not to send input (the RFB relay enforces it anyway). */
  viewOnly?: boolean;
  /**
   * Scale the picture instead of resizing the remote desktop to this window, so a shared session
   * keeps the size its viewers see.
   */
  fixedResolution?: boolean;
  /**
   * The dashboard's origin, for the image's bridge script (`caster_parent`): it answers and
   * sends the clipboard only to messages from that origin. Defaults to this page's origin.
   */
  parentOrigin?: string;
}

/** The query parameter that tells the session's page which origin frames it. */
export const PARENT_ORIGIN_PARAM = 'caster_parent';

/**
 * The session origin of an entry, or null when the entry cannot be framed safely: not http(s), an
 * enter URL on another origin than the one announced, or — a misconfiguration that would undo
 * the whole isolation, since a same-origin frame with `allow-scripts allow-same-origin` can lift
 * its own sandbox — the dashboard's origin itself.
 */
export function sessionOrigin(
  entry: SessionEntry | null | undefined,
  dashboardOrigin: string = window.location.origin,
): string | null {
  if (!entry) return null;
  let enter: URL;
  let origin: URL;
  try {
    enter = new URL(entry.enterUrl);
    origin = new URL(entry.origin);
  } catch {
    return null;
  }
  if (enter.protocol !== 'http:' && enter.protocol !== 'https:') return null;
  if (enter.origin !== origin.origin || enter.origin === 'null') return null;
  if (enter.origin === dashboardOrigin) return null;
  return enter.origin;
}

/**
 * What the viewer frames: the enter URL, with `next` = the session's root plus hints. The session
 * images' index page forwards its query string to noVNC (`vnc.html?autoconnect=1&resize=remote&
 * path=websockify` by default), so the root is enough, plus hints that only noVNC and the image's
 * bridge read; other apps ignore them. The server checks `next` is a path on the session origin.
 */
export function frameUrl(enterUrl: string, options: FrameUrlOptions = {}): string {
  const hints = new URLSearchParams();
  if (options.viewOnly) hints.set('view_only', '1');
  if (options.fixedResolution) hints.set('resize', 'scale');
  hints.set(PARENT_ORIGIN_PARAM, options.parentOrigin ?? window.location.origin);
  const url = new URL(enterUrl);
  url.searchParams.set('next', `/?${hints.toString()}`);
  return url.toString();
}

/** `sandbox` of every session frame: see docs/security/viewer-frame.md for why each is there. */
export function frameSandbox(settings: Pick<ClientSettings, 'allowDownloads'> | null): string {
  return [
    'allow-scripts',
    // Safe only because the frame's origin is never the dashboard's (sessionOrigin() refuses that):
    // noVNC and most apps need their own storage, cookies and WebSocket.
    'allow-same-origin',
    'allow-forms',
    'allow-pointer-lock',
    ...(settings?.allowDownloads ? ['allow-downloads'] : []),
  ].join(' ');
}

/**
 * The frame's permissions policy: features are delegated to the session's origin only (never
 * `*`, so a page the frame navigates to elsewhere gets none), and only those the client settings
 * allow. `'none'` for the rest keeps the default (`'src'`) from granting them.
 */
export function frameAllow(settings: ClientSettings | null, origin: string): string {
  const feature = (name: string, allowed: boolean) => `${name} ${allowed ? origin : "'none'"}`;
  return [
    feature('clipboard-read', settings?.allowClipboardUp ?? false),
    feature('clipboard-write', settings?.allowClipboardDown ?? false),
    feature('microphone', settings?.allowMicrophone ?? false),
    feature('autoplay', settings?.allowAudio ?? false),
    feature('gamepad', settings?.allowGamepads ?? false),
    feature('fullscreen', true),
    "camera 'none'",
    "geolocation 'none'",
    "display-capture 'none'",
    "payment 'none'",
    "usb 'none'",
  ].join('; ');
}

/** A share viewer gets nothing of the sharer's: no clipboard, microphone, gamepads or downloads. */
export function viewOnlySettings(): ClientSettings {
  return { ...NO_CLIENT_SETTINGS };
}
