import { describe, expect, it } from 'vitest';
import { linkContext, refusal } from '../pipeline/cast-test-fixtures';
import { ReferrerPolicy } from './referrer.policy';

describe('ReferrerPolicy', () => {
  const policy = new ReferrerPolicy();
  const allowed = { allowedReferrers: ['partner.example'] };
  it('lets anything through without a list', async () => {
    expect(await refusal(() => policy.check(linkContext()))).toBeUndefined();
  });
  it("checks the body's referrer, else the query's", async () => {
    expect(
      await refusal(() =>
        policy.check(linkContext(allowed, { body: { referrer: 'https://partner.example/p' } })),
      ),
    ).toBeUndefined();
    expect(
      await refusal(() => policy.check(linkContext(allowed, { queryReferrer: 'https://partner.example/' }))),
    ).toBeUndefined();
    expect(
      await refusal(() =>
        policy.check(linkContext(allowed, { body: { referrer: 'https://evil.example/' } })),
      ),
    ).toBe('REFERRER_NOT_ALLOWED');
    expect(await refusal(() => policy.check(linkContext(allowed)))).toBe('REFERRER_NOT_ALLOWED');
  });
});
