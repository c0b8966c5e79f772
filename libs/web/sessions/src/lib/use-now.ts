import { useNow as useClock } from '@caster/web/ui';

/** The current time, re-read every `intervalMs` so clocks and countdowns tick. */
export function useNow(intervalMs = 1000): number {
  return useClock(intervalMs);
}
