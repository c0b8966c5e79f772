import { type Me } from '@caster/contracts';

export const SIGN_IN_PATH = '/login';

/**
 * `next` arrives in the URL, so anyone can craft it: accept only a path inside this SPA. A leading
 * `//` or `/\` would be read by browsers as another host, and a sign-in page would loop.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (typeof next !== 'string' || !next.startsWith('/')) return null;
  if (next.startsWith('//') || next.includes('\\')) return null;
  if (hasControlOrSpace(next)) return null;
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`) || next.startsWith(`${SIGN_IN_PATH}/`)) {
    return null;
  }
  return next;
}

/** `#/login?next=…` for the page the visitor was on; the home page needs no `next`. */
export function signInPath(from?: string | null): string {
  const next = safeNextPath(from);
  if (!next || next === '/') return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}

export function homePathFor(user: Pick<Me, 'role'>): string {
  return user.role === 'admin' ? '/admin' : '/';
}

/** Where to go after signing in: back to `next` when it is safe, else the user's home. */
export function afterSignInPath(user: Pick<Me, 'role'>, next: string | null | undefined): string {
  return safeNextPath(next) ?? homePathFor(user);
}

// Whitespace and control characters have no business in a hash path and can hide a host.
function hasControlOrSpace(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}
