export const SIGN_OUT_PATH = '/logout';

/** Navigation state that only this SPA can set: a link from another site cannot sign anyone out. */
export const SIGN_OUT_STATE = { signOut: true } as const;

export function isSignOutState(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { signOut?: unknown }).signOut === true;
}
