import { describe, expect, it } from 'vitest';
import { castStatus, remainingBudget } from './cast-status';

const NOW = Date.parse('2030-06-01T12:00:00Z');
const base = { enabled: true, validUntil: null, limitSessions: false, sessionsRemaining: null };

describe('castStatus', () => {
  it('is active when enabled, unexpired and with budget (or no budget limit)', () => {
    expect(castStatus(base, NOW)).toBe('active');
    expect(castStatus({ ...base, limitSessions: true, sessionsRemaining: 1 }, NOW)).toBe('active');
    expect(castStatus({ ...base, validUntil: '2030-06-01T12:00:01Z' }, NOW)).toBe('active');
    // A budget of zero means nothing while the limit is off.
    expect(castStatus({ ...base, limitSessions: false, sessionsRemaining: 0 }, NOW)).toBe('active');
  });

  it('is expired from the Valid Until instant on', () => {
    expect(castStatus({ ...base, validUntil: '2030-06-01T12:00:00Z' }, NOW)).toBe('expired');
    expect(castStatus({ ...base, validUntil: '2020-01-01T00:00:00Z' }, NOW)).toBe('expired');
  });

  it('is exhausted when the session limit is on and nothing remains', () => {
    expect(castStatus({ ...base, limitSessions: true, sessionsRemaining: 0 }, NOW)).toBe('exhausted');
    expect(castStatus({ ...base, limitSessions: true, sessionsRemaining: null }, NOW)).toBe('exhausted');
  });

  it('puts disabled before expired before exhausted, the order the API refuses in', () => {
    const everything = {
      enabled: false,
      validUntil: '2020-01-01T00:00:00Z',
      limitSessions: true,
      sessionsRemaining: 0,
    };
    expect(castStatus(everything, NOW)).toBe('disabled');
    expect(castStatus({ ...everything, enabled: true }, NOW)).toBe('expired');
    expect(castStatus({ ...everything, enabled: true, validUntil: null }, NOW)).toBe('exhausted');
  });

  it('ignores a Valid Until it cannot read rather than calling the link expired', () => {
    expect(castStatus({ ...base, validUntil: 'soon' }, NOW)).toBe('active');
  });
});

describe('remainingBudget', () => {
  it('shows the count when limited and "Unlimited" otherwise', () => {
    expect(remainingBudget({ limitSessions: true, sessionsRemaining: 3 })).toBe('3 left');
    expect(remainingBudget({ limitSessions: true, sessionsRemaining: 0 })).toBe('0 left');
    expect(remainingBudget({ limitSessions: false, sessionsRemaining: 3 })).toBe('Unlimited');
  });
});
