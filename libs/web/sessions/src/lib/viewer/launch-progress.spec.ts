import { describe, expect, it } from 'vitest';
import { launchClockStart } from './launch-progress';

describe('launchClockStart', () => {
  const openedAt = Date.parse('2030-01-01T10:05:00Z');

  it('counts a warm staged session from its hand-over, not from when the pool made it', () => {
    const session = { createdAt: '2030-01-01T10:00:00Z', claimedAt: '2030-01-01T10:04:58Z' };
    expect(launchClockStart(session, openedAt)).toBe(Date.parse('2030-01-01T10:04:58Z'));
  });

  it('counts a new session from its creation (the cast)', () => {
    const session = { createdAt: '2030-01-01T10:04:59Z', claimedAt: '2030-01-01T10:04:59Z' };
    expect(launchClockStart(session, openedAt)).toBe(Date.parse('2030-01-01T10:04:59Z'));
  });

  it('uses the page opening until the session is known, or when the time is unreadable', () => {
    expect(launchClockStart(undefined, openedAt)).toBe(openedAt);
    expect(launchClockStart({ createdAt: 'nonsense', claimedAt: 'nonsense' }, openedAt)).toBe(openedAt);
  });
});
