import { type AdminSessionView } from '@caster/contracts';

/** Who a session belongs to, in words, also when the account is gone or there is none yet. */
export function ownerName(session: AdminSessionView): string {
  if (session.username) return session.username;
  // A casting link's visitor whose account is gone: a failed launch's account is removed after a
  // grace, and anonymous accounts expire.
  if (session.castConfigId) return '(casting link visitor)';
  if (session.userId) return '(deleted user)';
  // A warm session of a staging pool belongs to nobody until a launch claims it.
  return session.state === 'staged' ? '(staging pool)' : '(deleted user)';
}

/** Running and reached over a stream (not a link workspace): the API can picture its screen. */
export function hasScreen(session: AdminSessionView): boolean {
  return session.state === 'running' && session.workspaceType !== 'link';
}
