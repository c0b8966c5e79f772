import { type CastConfig } from '@caster/contracts';

export type CastStatus = 'active' | 'expired' | 'exhausted' | 'disabled';

export const CAST_STATUS_META: Record<CastStatus, { label: string; color: string; description: string }> = {
  active: { label: 'Active', color: 'teal', description: 'Visitors who pass its checks get a session.' },
  expired: {
    label: 'Expired',
    color: 'gray',
    description: 'Its Valid Until time has passed; visitors are shown an error.',
  },
  exhausted: {
    label: 'Exhausted',
    color: 'orange',
    description: 'No sessions remain in its budget; visitors are shown an error.',
  },
  disabled: {
    label: 'Disabled',
    color: 'red',
    description: 'Turned off; the link answers as if it did not exist.',
  },
};

/**
 * What a visitor opening the link now would meet, in the order the API checks it: a disabled link
 * is "not found" before its expiry is looked at, and an expired one is refused before the budget.
 */
export function castStatus(
  config: Pick<CastConfig, 'enabled' | 'validUntil' | 'limitSessions' | 'sessionsRemaining'>,
  now: number = Date.now(),
): CastStatus {
  if (!config.enabled) return 'disabled';
  if (config.validUntil !== null) {
    const until = Date.parse(config.validUntil);
    if (!Number.isNaN(until) && until <= now) return 'expired';
  }
  if (config.limitSessions && (config.sessionsRemaining ?? 0) <= 0) return 'exhausted';
  return 'active';
}

/** "12 left" or "Unlimited": the budget column and the detail summary. */
export function remainingBudget(config: Pick<CastConfig, 'limitSessions' | 'sessionsRemaining'>): string {
  if (!config.limitSessions) return 'Unlimited';
  const left = Math.max(0, config.sessionsRemaining ?? 0);
  return `${left} left`;
}
