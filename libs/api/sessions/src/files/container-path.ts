import { posix } from 'node:path';

export const SESSION_HOME = '/home/kasm-user';

/**
 * A path a visitor asks for, checked to stay inside the session's home directory. Relative paths
 * are taken from the home. Answers null for anything outside, NUL or control characters, or overlong.
 */
export function homePath(input: string | undefined | null, home = SESSION_HOME): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > 1024) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input)) return null;
  const resolved = posix.normalize(input.startsWith('/') ? input : `${home}/${input}`);
  if (resolved !== home && !resolved.startsWith(`${home}/`)) return null;
  return resolved.replace(/\/+$/, '') || null;
}

/** A file name for an upload: a single path segment, no traversal. */
export function safeFileName(input: string | undefined | null): string | null {
  if (typeof input !== 'string') return null;
  const name = input.split(/[\\/]/).pop() ?? '';

  if (
    !name ||
    name === '.' ||
    name === '..' ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(name) ||
    Buffer.byteLength(name) > 100
  )
    return null;
  return name;
}
