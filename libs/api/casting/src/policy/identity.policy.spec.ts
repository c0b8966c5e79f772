import { describe, expect, it } from 'vitest';
import { ANONYMOUS, USER, link, linkContext, refusal } from '../pipeline/cast-test-fixtures';
import { IdentityPolicy, loginRequired } from './identity.policy';

describe('IdentityPolicy', () => {
  const policy = new IdentityPolicy();
  it('a signed-in caller is that user; an anonymous token is nobody', () => {
    expect(policy.check(linkContext({}, { principal: USER })).identity).toEqual({
      kind: 'user',
      userId: 'u-1',
      username: 'ann',
    });
    expect(policy.check(linkContext({}, { principal: ANONYMOUS })).identity).toEqual({ kind: 'anonymous' });
  });
  it('AUTH_REQUIRED on a link without anonymous access', async () => {
    expect(loginRequired(link({ allowAnonymous: false }), ANONYMOUS)).toBe(true);
    expect(await refusal(() => policy.check(linkContext({ allowAnonymous: false })))).toBe('AUTH_REQUIRED');
    expect(
      await refusal(() => policy.check(linkContext({ allowAnonymous: false }, { principal: USER }))),
    ).toBeUndefined();
  });
});
