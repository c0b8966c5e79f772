/**
 * The casting link a session came from, kept in this tab (sessionStorage) so its viewer can offer
 * "Start a new session" and its error page "Try again" without the API naming the link to the
 * visitor. Only SPA paths of the form `/cast/<key>?…` are ever stored or followed.
 */
const PREFIX = 'caster:cast-origin:';
const CAST_PATH = /^\/cast\/[A-Za-z0-9_%-]+(\?[^#]*)?$/;

/** A path of a casting link's visitor page, or null for anything else (another page, a full URL). */
export function castRetryPath(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 4096 && CAST_PATH.test(value) ? value : null;
}

export function rememberCastOrigin(sessionId: string, castPath: string): void {
  const path = castRetryPath(castPath);
  if (!path) return;
  try {
    sessionStorage.setItem(PREFIX + sessionId, path);
  } catch {
    // Storage off (some private modes): the ended page simply offers no restart.
  }
}

export function castOriginOf(sessionId: string): string | null {
  try {
    return castRetryPath(sessionStorage.getItem(PREFIX + sessionId));
  } catch {
    return null;
  }
}

/** `/cast/demo?a=1` → `demo`. */
export function castKeyOf(castPath: string): string {
  const key = castPath.slice('/cast/'.length).split('?')[0] ?? '';
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}
