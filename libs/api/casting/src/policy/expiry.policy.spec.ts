import { describe, expect, it } from 'vitest';
import { linkContext, refusal } from '../pipeline/cast-test-fixtures';
import { ExpiryPolicy } from './expiry.policy';

describe('ExpiryPolicy', () => {
  it('expires at Valid Until, not a millisecond later', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const ctx = linkContext({ validUntil: at });
    expect(await refusal(() => new ExpiryPolicy().check(ctx, at.getTime() - 1))).toBeUndefined();
    expect(await refusal(() => new ExpiryPolicy().check(ctx, at.getTime()))).toBe('CAST_EXPIRED');
  });
});
