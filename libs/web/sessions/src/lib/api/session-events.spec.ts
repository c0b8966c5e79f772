import { describe, expect, it } from 'vitest';
import { parseSessionEvent } from './session-events';

describe('parseSessionEvent', () => {
  it('reads a state event with its failure', () => {
    expect(
      parseSessionEvent(
        JSON.stringify({
          sessionId: 's-1',
          state: 'failed',
          at: '2030-01-01T00:00:00Z',
          failure: { code: 'PROVISION_FAILED', message: 'image missing' },
        }),
      ),
    ).toEqual({
      sessionId: 's-1',
      state: 'failed',
      at: '2030-01-01T00:00:00Z',
      failure: { code: 'PROVISION_FAILED', message: 'image missing' },
    });
  });

  it('rejects what is not a state event', () => {
    expect(parseSessionEvent('not json')).toBeNull();
    expect(parseSessionEvent(JSON.stringify({ sessionId: 's-1', state: 'exploded', at: 'x' }))).toBeNull();
    expect(parseSessionEvent(JSON.stringify(null))).toBeNull();
    expect(parseSessionEvent(42)).toBeNull();
  });
});
