import type { ThrottlerStorage } from '@nestjs/throttler';
import { describe, expect, it } from 'vitest';
import type { CasterConfig } from '@caster/api/config';
import { AppError, type MetricsPort } from '@caster/api/core';
import type { SettingsService } from '@caster/api/settings';
import type { WorkspacesService } from '@caster/api/workspaces';
import type { CaptchaVerifierService } from '../captcha-verifier.service';
import type { CastConfigEntity } from '../cast-config.entity';
import type { CastLaunchService } from '../cast-launch.service';
import type { CastingService } from '../casting.service';
import { BodyPolicy } from '../policy/body.policy';
import { CaptchaPolicy } from '../policy/captcha.policy';
import { ExpiryPolicy } from '../policy/expiry.policy';
import { IdentityPolicy } from '../policy/identity.policy';
import { LinkPolicy } from '../policy/link.policy';
import { OriginPolicy } from '../policy/origin.policy';
import { ParamsPolicy } from '../policy/params.policy';
import { RateLimitPolicy } from '../policy/rate-limit.policy';
import { ReferrerPolicy } from '../policy/referrer.policy';
import { CastPipeline } from './cast-pipeline';
import type { CastTestVisits } from '../cast-test-visits.service';
import { input, link, refusal } from './cast-test-fixtures';

function pipeline(config: CastConfigEntity | null, launchFails?: AppError) {
  type Claim = {
    outcome: string;
    castConfigId: string;
    sessionId: string | null;
    stage?: string;
    test?: boolean;
  };
  const claims: Claim[] = [];
  const answered: [string, string][] = [];
  const casting = {
    findByKey: () => Promise.resolve(config),
    recordClaim: (c: Claim) => {
      claims.push({
        outcome: c.outcome,
        castConfigId: c.castConfigId,
        sessionId: c.sessionId,
        ...(c.stage ? { stage: c.stage } : {}),
        ...(c.test ? { test: true } : {}),
      });
      return Promise.resolve();
    },
  } as unknown as CastingService;
  const launches: unknown[] = [];
  const launch = {
    cast: (ctx: unknown) => {
      launches.push(ctx);
      return launchFails
        ? Promise.reject(launchFails)
        : Promise.resolve({ sessionId: 's-1', resumed: false, redirect: '#/session/s-1', userId: 'u-9' });
    },
  } as unknown as CastLaunchService;
  const metrics = {
    castAnswered: (l: string, o: string) => answered.push([l, o]),
    castChecked: (l: string, o: string) => answered.push([`GET ${l}`, o]),
  } as unknown as MetricsPort;
  const storage = {
    increment: () =>
      Promise.resolve({ totalHits: 1, timeToExpire: 1, isBlocked: false, timeToBlockExpire: 0 }),
  } as unknown as ThrottlerStorage;
  const p = new CastPipeline(
    new OriginPolicy({ publicUrl: null } as CasterConfig),
    new BodyPolicy(),
    new LinkPolicy(casting),
    new ExpiryPolicy(),
    new ReferrerPolicy(),
    new RateLimitPolicy(storage),
    new CaptchaPolicy({ verify: () => Promise.resolve() } as unknown as CaptchaVerifierService),
    new IdentityPolicy(),
    new ParamsPolicy({ find: () => Promise.resolve(null) } as unknown as WorkspacesService),
    launch,
    casting,
    metrics,
    { captcha: () => Promise.resolve(null) } as unknown as SettingsService,
    { find: () => Promise.resolve({ name: 'Desktop' }) } as unknown as WorkspacesService,
    // Only the token "ctv-valid" is a live test token (the real lookup is in first-hour.int-spec).
    {
      isTest: (_id: string, token: unknown) => Promise.resolve(token === 'ctv-valid'),
    } as unknown as CastTestVisits,
  );
  return { p, claims, answered, launches };
}

describe('CastPipeline', () => {
  it('runs the policies in the documented order', () => {
    expect(pipeline(link()).p.policies.names).toEqual([
      'origin',
      'body',
      'link',
      'expiry',
      'referrer',
      'rate-limit',
      'captcha',
      'identity',
      'params',
    ]);
    expect(pipeline(link()).p.infoPolicies.names).toEqual(['link', 'expiry', 'referrer']);
  });

  it('marks the claim of a cast carrying a live test token, success or refusal, and no other', async () => {
    const ok = pipeline(link());
    await ok.p.cast(input({ rawBody: { testToken: 'ctv-valid' } }));
    await ok.p.cast(input({ rawBody: { testToken: 'ctv-forged' } }));
    expect(ok.claims.map((c) => c.test ?? false)).toEqual([true, false]);
    const refused = pipeline(link({ allowedReferrers: ['acme.com'] }));
    await expect(
      refused.p.cast(input({ rawBody: { referrer: 'https://evil.example/', testToken: 'ctv-valid' } })),
    ).rejects.toMatchObject({ code: 'REFERRER_NOT_ALLOWED' });
    expect(refused.claims).toEqual([
      { outcome: 'REFERRER_NOT_ALLOWED', castConfigId: 'c-1', sessionId: null, test: true },
    ]);
  });

  it('records a launch once: one claim with the session, one metric', async () => {
    const { p, claims, answered } = pipeline(link());
    const { outcome } = await p.cast(input());
    expect(outcome.sessionId).toBe('s-1');
    expect(claims).toEqual([{ outcome: 'ok', castConfigId: 'c-1', sessionId: 's-1' }]);
    expect(answered).toEqual([['demo', 'ok']]);
  });

  it('records a policy refusal on a known link with its code, and the refusal carries the Error URL', async () => {
    const { p, claims, answered, launches } = pipeline(
      link({ allowedReferrers: ['partner.example'], errorUrl: 'https://example.org/sorry' }),
    );
    const e = await p.cast(input()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('REFERRER_NOT_ALLOWED');
    expect((e as AppError).details).toEqual({ errorUrl: 'https://example.org/sorry' });
    expect(claims).toEqual([{ outcome: 'REFERRER_NOT_ALLOWED', castConfigId: 'c-1', sessionId: null }]);
    expect(answered).toEqual([['demo', 'REFERRER_NOT_ALLOWED']]);
    expect(launches).toEqual([]);
  });

  it("records the launch's own refusals in the same place", async () => {
    const { p, claims } = pipeline(link(), new AppError('SESSIONS_EXHAUSTED', 'none left'));
    expect(await refusal(() => p.cast(input()))).toBe('SESSIONS_EXHAUSTED');
    expect(claims).toEqual([{ outcome: 'SESSIONS_EXHAUSTED', castConfigId: 'c-1', sessionId: null }]);
  });

  it('a refused body still counts against its link; an expired link still has its Error URL', async () => {
    const bad = pipeline(link({ errorUrl: 'https://example.org/e' }));
    const e = (await bad.p.cast(input({ rawBody: { nope: 1 } })).catch((x: unknown) => x)) as AppError;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details?.['errorUrl']).toBe('https://example.org/e');
    expect(bad.claims.map((c) => c.outcome)).toEqual(['VALIDATION_FAILED']);
    const expired = pipeline(link({ validUntil: new Date(0), errorUrl: 'https://example.org/e' }));
    const x = (await expired.p.cast(input()).catch((y: unknown) => y)) as AppError;
    expect([x.code, x.details?.['errorUrl']]).toEqual(['CAST_EXPIRED', 'https://example.org/e']);
    expect(expired.claims.map((c) => c.outcome)).toEqual(['CAST_EXPIRED']);
  });

  it('an unknown link or a cross-site request records no claim', async () => {
    const none = pipeline(null);
    expect(await refusal(() => none.p.cast(input()))).toBe('CAST_NOT_FOUND');
    expect(none.claims).toEqual([]);
    expect(none.answered).toEqual([['', 'CAST_NOT_FOUND']]);
    const cross = pipeline(link());
    const foreign = input();
    foreign.http = { ...foreign.http, hasAuthCookie: true, origin: 'https://evil.example' };
    expect(await refusal(() => cross.p.cast(foreign))).toBe('FORBIDDEN');
    expect(cross.claims).toEqual([]);
  });

  it('info uses the same link, expiry and referrer policies and the same CAPTCHA and login rules', async () => {
    const ok = pipeline(link({ allowAnonymous: false }));
    expect(await ok.p.info(input())).toMatchObject({
      workspaceName: 'Desktop',
      requiresCaptcha: false,
      requiresLogin: true,
    });
    const expired = pipeline(link({ validUntil: new Date(0) }));
    expect(await refusal(() => expired.p.info(input()))).toBe('CAST_EXPIRED');
    expect(expired.answered).toEqual([['GET demo', 'CAST_EXPIRED']]);
  });

  it("audits the refusals of the page's first look as checks of the link; a made-up key only in metrics", async () => {
    const quiet = pipeline(link());
    await quiet.p.info(input());
    expect(quiet.claims).toEqual([]);

    const expired = pipeline(link({ validUntil: new Date(0) }));
    await refusal(() => expired.p.info(input()));
    expect(expired.claims).toEqual([
      { outcome: 'CAST_EXPIRED', castConfigId: 'c-1', sessionId: null, stage: 'check' },
    ]);
    const referrer = pipeline(link({ allowedReferrers: ['acme.com'] }));
    await refusal(() => referrer.p.info(input({ queryReferrer: 'https://evil.example/' })));
    expect(referrer.claims).toEqual([
      { outcome: 'REFERRER_NOT_ALLOWED', castConfigId: 'c-1', sessionId: null, stage: 'check' },
    ]);
    const disabled = pipeline(link({ enabled: false }));
    await refusal(() => disabled.p.info(input()));
    expect(disabled.claims).toEqual([
      { outcome: 'CAST_NOT_FOUND', castConfigId: 'c-1', sessionId: null, stage: 'check' },
    ]);
    const unknown = pipeline(null);
    expect(await refusal(() => unknown.p.info(input()))).toBe('CAST_NOT_FOUND');
    expect(unknown.claims).toEqual([]);
    expect(unknown.answered).toEqual([['GET ', 'CAST_NOT_FOUND']]);
  });
});
