import type { ThrottlerStorage } from '@nestjs/throttler';
import { describe, expect, it } from 'vitest';
import type { WorkspacesService } from '@caster/api/workspaces';
import type { CaptchaVerifierService } from '../captcha-verifier.service';
import type { CastingService } from '../casting.service';
import {
  ANONYMOUS,
  USER,
  identified,
  input,
  link,
  linkContext,
  refusal,
} from '../pipeline/cast-test-fixtures';
import { BodyPolicy } from './body.policy';
import { CaptchaPolicy, captchaRequired } from './captcha.policy';
import { ExpiryPolicy } from './expiry.policy';
import { IdentityPolicy, loginRequired } from './identity.policy';
import { LinkPolicy } from './link.policy';
import { ParamsPolicy } from './params.policy';
import { RateLimitPolicy, castRateKey } from './rate-limit.policy';
import { ReferrerPolicy } from './referrer.policy';

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

describe('LinkPolicy and ExpiryPolicy', () => {
  const casting = (config: ReturnType<typeof link> | null) =>
    ({ findByKey: () => Promise.resolve(config) }) as unknown as CastingService;
  it('finds the enabled link', async () => {
    const ctx = await new LinkPolicy(casting(link())).check({ ...input(), body: {} });
    expect(ctx.config.key).toBe('demo');
  });
  it('answers CAST_NOT_FOUND for a missing or disabled link alike', async () => {
    expect(await refusal(() => new LinkPolicy(casting(null)).check({ ...input(), body: {} }))).toBe(
      'CAST_NOT_FOUND',
    );
    expect(
      await refusal(() => new LinkPolicy(casting(link({ enabled: false }))).check({ ...input(), body: {} })),
    ).toBe('CAST_NOT_FOUND');
  });
  it('expires at Valid Until, not a millisecond later', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const ctx = linkContext({ validUntil: at });
    expect(await refusal(() => new ExpiryPolicy().check(ctx, at.getTime() - 1))).toBeUndefined();
    expect(await refusal(() => new ExpiryPolicy().check(ctx, at.getTime()))).toBe('CAST_EXPIRED');
  });
});

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

describe('RateLimitPolicy', () => {
  function storage() {
    const hits = new Map<string, number>();
    const keys: string[] = [];
    const s = {
      increment: (key: string, ttl: number, limit: number) => {
        keys.push(key);
        const n = (hits.get(key) ?? 0) + 1;
        hits.set(key, n);
        return Promise.resolve({
          totalHits: n,
          timeToExpire: ttl / 1000,
          isBlocked: n > limit,
          timeToBlockExpire: ttl / 1000,
        });
      },
    };
    return { storage: s as unknown as ThrottlerStorage, keys };
  }
  const limited = { limitIps: true, ipRequestLimit: 2, ipRequestSeconds: 60 };
  it('does not count when the link has no limit', async () => {
    const { storage: st, keys } = storage();
    await new RateLimitPolicy(st).check(linkContext());
    expect(keys).toEqual([]);
  });
  it('allows the limit, then RATE_LIMITED with Retry-After, per link and client', async () => {
    const { storage: st, keys } = storage();
    const policy = new RateLimitPolicy(st);
    const first = await policy.check(linkContext(limited));
    expect(first.rateHeaders).toEqual({
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '1',
      'X-RateLimit-Reset': '60',
    });
    await policy.check(linkContext(limited));
    expect(await refusal(() => policy.check(linkContext(limited)))).toBe('RATE_LIMITED');
    expect(keys[0]).toBe(castRateKey('c-1', '203.0.113.9'));
  });
  it('counts an IPv6 client by its /64', () => {
    expect(castRateKey('c', '2001:db8:1:2:aaaa::1')).toBe(castRateKey('c', '2001:db8:1:2:bbbb::2'));
    expect(castRateKey('c', '2001:db8:1:2::1')).not.toBe(castRateKey('c', '2001:db8:1:3::1'));
  });
});

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

describe('ParamsPolicy', () => {
  const workspaces = (allowNetworkSelection: boolean, allowedNetworks: string[]) =>
    ({
      find: () => Promise.resolve({ allowNetworkSelection, allowedNetworks }),
    }) as unknown as WorkspacesService;
  const policy = new ParamsPolicy(workspaces(true, ['lab']));
  it('ignores parameters the link does not use', async () => {
    expect((await policy.check(identified({}, { utm_source: 'mail' }))).params).toEqual({
      kasmUrl: null,
      network: null,
      remoteApp: null,
    });
  });
  it('kasm_url needs its option and an http(s) address; a bare host means https', async () => {
    expect(await refusal(() => policy.check(identified({}, { kasm_url: 'example.com' })))).toBe(
      'PARAMETER_NOT_ALLOWED',
    );
    const ok = await policy.check(identified({ dynamicKasmUrl: true }, { kasm_url: 'example.com' }));
    expect(ok.params.kasmUrl).toBe('https://example.com/');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'http://a\u0000b', 'ftp://x'])
      expect(
        await refusal(() => policy.check(identified({ dynamicKasmUrl: true }, { kasm_url: bad }))),
        bad,
      ).toBe('PARAMETER_INVALID');
  });
  it('docker_network needs its option, the workspace permission and a listed network', async () => {
    const on = { dynamicDockerNetwork: true };
    expect(await refusal(() => policy.check(identified({}, { docker_network: 'lab' })))).toBe(
      'PARAMETER_NOT_ALLOWED',
    );
    expect((await policy.check(identified(on, { docker_network: 'lab' }))).params.network).toBe('lab');
    expect(await refusal(() => policy.check(identified(on, { docker_network: 'prod' })))).toBe(
      'PARAMETER_NOT_ALLOWED',
    );
    expect(await refusal(() => policy.check(identified(on, { docker_network: '../x' })))).toBe(
      'PARAMETER_INVALID',
    );
    expect(
      await refusal(() =>
        new ParamsPolicy(workspaces(false, ['lab'])).check(identified(on, { docker_network: 'lab' })),
      ),
    ).toBe('PARAMETER_NOT_ALLOWED');
  });
  it('refuses non-text values, too many or too long parameters', async () => {
    expect(await refusal(() => policy.check(identified({}, { a: 1 })))).toBe('PARAMETER_INVALID');
    expect(await refusal(() => policy.check(identified({}, { a: 'x'.repeat(2049) })))).toBe(
      'PARAMETER_INVALID',
    );
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, 'v']));
    expect(await refusal(() => policy.check(identified({}, many)))).toBe('PARAMETER_INVALID');
  });
});
