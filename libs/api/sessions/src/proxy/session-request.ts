import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** What a session's container may be told of the request: never a dashboard credential. */
const DROPPED_REQUEST_HEADERS = ['authorization', 'proxy-authorization', 'forwarded', 'x-real-ip'];

/** Removes `Authorization`, client-sent forwarding headers and every `caster_*` cookie, in place. */
export function scrubRequestHeaders(headers: IncomingHttpHeaders): void {
  for (const name of Object.keys(headers)) {
    if (DROPPED_REQUEST_HEADERS.includes(name) || name.startsWith('x-forwarded-')) delete headers[name];
  }
  const cookie = headers.cookie;
  if (cookie === undefined) return;
  const kept = cookie
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c !== '' && !/^caster_/i.test(c.split('=')[0].trim()));
  if (kept.length > 0) headers.cookie = kept.join('; ');
  else delete headers.cookie;
}

/**
 * The credential the proxy presents to the session's own port (HTTP Basic, user `caster`): images
 * that honour CASTER_PROXY_SECRET answer nobody else. Set after scrubbing, so no viewer supplies it.
 */
export function proxyAuthorization(secret: string): string {
  return `Basic ${Buffer.from(`caster:${secret}`).toString('base64')}`;
}

/** Response headers a session must never set: they would reach past its own origin or outlive it. */
const DROPPED_RESPONSE_HEADERS = [
  'service-worker-allowed',
  'clear-site-data',
  'x-frame-options',
  // The container's port asks the proxy for its per-session credential, never the viewer.
  'www-authenticate',
];

/**
 * Cleans the container's response headers in place and adds `frame-ancestors`, so only the
 * dashboard may frame the session. A `Set-Cookie` with a Domain attribute (cookie tossing onto
 * sibling hosts, the dashboard among them) or a `caster_*` name is dropped.
 */
export function scrubResponseHeaders(headers: IncomingHttpHeaders, frameAncestors: string): void {
  for (const name of DROPPED_RESPONSE_HEADERS) delete headers[name];
  const cookies = headers['set-cookie'];
  if (cookies) {
    const kept = cookies.filter((c) => {
      const [pair, ...attributes] = c.split(';');
      if (/^\s*caster_/i.test(pair.split('=')[0])) return false;
      return !attributes.some((a) => /^\s*domain\s*(=|$)/i.test(a));
    });
    if (kept.length > 0) headers['set-cookie'] = kept;
    else delete headers['set-cookie'];
  }
  const own = headers['content-security-policy'];
  const ours = `frame-ancestors ${frameAncestors}`;
  // Both policies are enforced, so the container's cannot loosen ours.
  (headers as Record<string, string | string[]>)['content-security-policy'] =
    own === undefined ? ours : [...(Array.isArray(own) ? own : [own]), ours];
}

/**
 * `next` after entering: a path on the session's own origin, never `//host` or `/\host` (which
 * browsers read as another host) and never a control character; anything else is `/`.
 */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  return raw;
}

export type OriginVerdict = 'ok' | 'cross-origin';

/**
 * Cross-site request forgery and WebSocket hijacking: the session cookie is SameSite=None, so
 * every site's requests would carry it. WebSockets and non-GET requests must come from the
 * session's own origin; a GET is a navigation (the dashboard framing it, a link) or same-origin.
 */
export function checkOrigin(req: IncomingMessage, sessionOrigin: string, websocket: boolean): OriginVerdict {
  const origin = req.headers.origin;
  const method = req.method ?? 'GET';
  if (websocket || (method !== 'GET' && method !== 'HEAD'))
    return origin === sessionOrigin ? 'ok' : 'cross-origin';
  if (req.headers['sec-fetch-mode'] === 'navigate') return 'ok';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'cross-origin';
  if (origin !== undefined && origin !== sessionOrigin) return 'cross-origin';
  return 'ok';
}

/** Paths of a viewer's static files (noVNC's scripts, styles, images, fonts). */
const STATIC_ASSET = /\.(?:m?js|css|svg|png|jpe?g|gif|ico|webp|woff2?|ttf|otf|wasm)$/i;
/** A session's origin lives as long as the session; a week is "the whole session" for a browser. */
export const STATIC_MAX_AGE_S = 7 * 24 * 3600;

/**
 * Lets the browser keep a session's static files: a GET answered 200 for a script, style, image or
 * font gets `Cache-Control: private, max-age=<a week>, immutable`, unless the container said
 * `no-store`/`no-cache`/`private` itself. Safe because the origin is the session's own (a UUID host
 * never reused: no other session's page can read or be served that cache entry) and the image does
 * not change under a running session; `private` keeps shared caches out. HTML pages, JSON and
 * every other response stay as the container sent them, so entering still asks the proxy (and so
 * the grant) each time; only bytes this browser already fetched with a live grant are reused.
 */
export function cacheStaticAsset(
  method: string | undefined,
  path: string,
  status: number | undefined,
  headers: IncomingHttpHeaders,
): void {
  if ((method !== 'GET' && method !== 'HEAD') || status !== 200 || !STATIC_ASSET.test(path)) return;
  const own = headers['cache-control'];
  if (own && /\b(?:no-store|no-cache|private)\b/i.test(own)) return;
  if (headers['set-cookie']) return;
  headers['cache-control'] = `private, max-age=${STATIC_MAX_AGE_S}, immutable`;
}
