import { type SessionState } from '@caster/contracts';

// States only move forward; when the stream and a fetch disagree, the further one is newer.
const ORDER: Record<SessionState, number> = {
  staged: 0,
  provisioning: 1,
  starting: 2,
  running: 3,
  stopping: 4,
  stopped: 5,
  failed: 5,
};

export function furthestState(
  a: SessionState | null | undefined,
  b: SessionState | null | undefined,
): SessionState | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return ORDER[b] > ORDER[a] ? b : a;
}
