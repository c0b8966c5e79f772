export const SESSION_HOME = '/home/kasm-user';
/**
 * An RDP gateway session's transfer folder: FreeRDP redirects it to the server as the drive
 * `Transfers` (\\tsclient\Transfers), so uploads and downloads of such a session are confined to
 * it — the rest of the gateway's home is FreeRDP's, not the visitor's.
 */
export const GATEWAY_TRANSFERS = `${SESSION_HOME}/Transfers`;

/** Where a session's file transfers are rooted: the home, or a gateway session's transfer folder. */
export function transferRoot(session: { connection: unknown }): string {
  return session.connection ? GATEWAY_TRANSFERS : SESSION_HOME;
}

/** Who file transfers run as when the container runs as root or names no user: Kasm's kasm-user. */
export const FALLBACK_USER = '1000:1000';

/** Linux NAME_MAX: the longest file name (in bytes) a folder entry can have. */
const NAME_MAX = 255;

// C0 controls (NUL included), DEL and C1 controls
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A path a visitor asks for, as the folder names below the session's home (`[]` is the home
 * itself). Relative paths are taken from the home; absolute ones must lie under it. Answers null
 * for NUL or control characters, a `..` anywhere, a name longer than NAME_MAX, or over 1024
 * characters. Whether a name is a symbolic link is decided in the container (see transfer-script).
 */
export function homeComponents(input: string | undefined | null, home = SESSION_HOME): string[] | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > 1024 || CONTROL.test(input))
    return null;
  let rest = input;
  if (input.startsWith('/')) {
    if (input !== home && !input.startsWith(`${home}/`)) return null;
    rest = input.slice(home.length);
  }
  const parts = rest.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || Buffer.byteLength(p) > NAME_MAX)) return null;
  return parts;
}

/** A file name for an upload: one folder entry, kept as sent; null for anything else. */
export function uploadName(input: string | undefined | null): string | null {
  if (
    typeof input !== 'string' ||
    input === '' ||
    input === '.' ||
    input === '..' ||
    /[/\\]/.test(input) ||
    CONTROL.test(input) ||
    Buffer.byteLength(input) > NAME_MAX
  )
    return null;
  return input;
}

/**
 * The user a transfer runs as: the container's own (its `User`, from the image or the workspace's
 * run_config), unless that is root or unset — then uid/gid 1000, never root. The script checks
 * `id -u` again in the container, so a name that maps to uid 0 is refused there.
 */
export function transferUser(configured: string): string {
  const user = configured.trim();
  const name = user.split(':')[0];
  if (name === '' || name === 'root' || /^0+$/.test(name)) return FALLBACK_USER;
  return user;
}
