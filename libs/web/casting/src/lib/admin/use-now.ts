import { useNow as useClock } from '@caster/web/ui';

/** The current time, re-read every `intervalMs`, so a link's badge turns "expired" on its own. */
export function useNow(intervalMs = 30_000): number {
  return useClock(intervalMs);
}
