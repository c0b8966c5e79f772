import { describe, expect, it } from 'vitest';
import { input, refusal } from '../pipeline/cast-test-fixtures';
import { BodyPolicy } from './body.policy';

describe('BodyPolicy', () => {
  const policy = new BodyPolicy();
  it('passes the known fields, typed', async () => {
    const ctx = await policy.check(
      input({ rawBody: { referrer: 'https://a.example/', params: { x: '1' } } }),
    );
    expect(ctx.body).toEqual({ referrer: 'https://a.example/', params: { x: '1' }, captchaToken: undefined });
  });
  it('refuses unknown fields and wrong types with VALIDATION_FAILED', async () => {
    for (const rawBody of [
      { unknownField: 1 },
      { params: 'x' },
      { params: [1] },
      { referrer: 12 },
      { captchaToken: ['a'] },
    ])
      expect(await refusal(() => policy.check(input({ rawBody }))), JSON.stringify(rawBody)).toBe(
        'VALIDATION_FAILED',
      );
  });
  it('leaves line breaks in params to the params policy, refuses them elsewhere', async () => {
    expect(
      await refusal(() => policy.check(input({ rawBody: { params: { file: 'a\r\nb' } } }))),
    ).toBeUndefined();
    expect(await refusal(() => policy.check(input({ rawBody: { referrer: 'https://a.example/\n' } })))).toBe(
      'VALIDATION_FAILED',
    );
  });
  it('takes a missing body as empty', async () => {
    expect((await policy.check(input({ rawBody: undefined }))).body).toEqual({});
  });
});
