import type { SessionState } from '@caster/contracts';

/**
 * Every state change a session may make, and nothing else. The sessions table is written only by
 * SessionsRepository, which refuses any other move before it reaches the database.
 *
 *   provisioning ─► starting ─► running ─► stopping ─► stopped
 *        │              │  └──► staged ──┘ (claimed → running)
 *        └──────────────┴─► failed          any live state ─► stopping
 *
 * `stopped` straight from a settled state is the reconciler's: its container is gone.
 */
export const SESSION_TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  provisioning: ['starting', 'failed', 'stopping'],
  starting: ['running', 'staged', 'failed', 'stopping'],
  staged: ['running', 'stopping', 'stopped'],
  running: ['stopping', 'stopped'],
  stopping: ['stopped'],
  stopped: [],
  failed: [],
};

/** States a session still occupies a container (or a server) in, staged ones included. */
export const LIVE_STATES: readonly SessionState[] = [
  'provisioning',
  'starting',
  'running',
  'stopping',
  'staged',
];

/** States in which a viewer may reach the session. */
export const REACHABLE_STATES: readonly SessionState[] = ['provisioning', 'starting', 'running'];

export function mayTransition(from: SessionState, to: SessionState): boolean {
  return SESSION_TRANSITIONS[from].includes(to);
}

/** Throws (a programming error, not a visitor's) when any of `from` may not move to `to`. */
export function assertTransitions(from: readonly SessionState[], to: SessionState): void {
  const bad = from.filter((f) => !mayTransition(f, to));
  if (bad.length) throw new Error(`session state ${bad.join('/')} → ${to} is not an allowed transition`);
}
