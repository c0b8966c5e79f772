import { describe, expect, it } from 'vitest';
import type { CaptchaVerifierService } from '../captcha-verifier.service';
import { ANONYMOUS, USER, link, linkContext, refusal } from '../pipeline/cast-test-fixtures';
import { CaptchaPolicy, captchaRequired } from './captcha.policy';

describe('CaptchaPolicy', () => {
  const verified: (string | undefined)[] = [];
  const verifier = {
    verify: (token: string | undefined) => {
      verified.push(token);
      return token === 'good'
        ? Promise.resolve()
        : Promise.reject(Object.assign(new Error('no'), { code: 'CAPTCHA_INVALID' }));
    },
  } as unknown as CaptchaVerifierService;
  const policy = new CaptchaPolicy(verifier);
  const required = { allowAnonymous: true, requireCaptcha: true };
  it('applies only to anonymous visitors of a link that requires it', () => {
    expect(captchaRequired(link(required), null)).toBe(true);
    expect(captchaRequired(link(required), ANONYMOUS)).toBe(true);
    expect(captchaRequired(link(required), USER)).toBe(false);
    expect(captchaRequired(link({ allowAnonymous: false, requireCaptcha: true }), null)).toBe(false);
  });
  it("verifies the body's token", async () => {
    expect(
      await refusal(() => policy.check(linkContext(required, { body: { captchaToken: 'good' } }))),
    ).toBeUndefined();
    expect(await refusal(() => policy.check(linkContext(required, { body: { captchaToken: 'bad' } })))).toBe(
      'CAPTCHA_INVALID',
    );
    expect(
      await refusal(() => policy.check(linkContext({}, { body: { captchaToken: 'bad' } }))),
    ).toBeUndefined();
    expect(verified).toEqual(['good', 'bad']);
  });
});
