import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminOverview, CastClaim, CastConfig, Page } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { startTestApp, type TestApp } from './support/test-app';
import { createCastLink, createContainerWorkspace, removeContainersOf, uniqueName } from './support/sessions';

const METRICS_TOKEN = 'metrics-token-for-the-health-tests-0123';

/**
 * A casting link's computed health (real PostgreSQL, the real Docker engine for the images), and
 * the refusals of the visitor page's first look (GET /api/cast/:key) in the audit, the overview and
 * /metrics.
 */
describe('casting link health and link-check refusals', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  let workspaceId: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const createCast = (fields: Record<string, unknown> = {}, ws = workspaceId): Promise<CastConfig> =>
    createCastLink(t, admin, ws, fields);
  const read = async (id: string): Promise<CastConfig> =>
    (await t.http().get(`/api/admin/casting/${id}`).set(auth(admin)).expect(200)).body as CastConfig;
  const claims = async (id: string): Promise<CastClaim[]> =>
    (await t.http().get(`/api/admin/casting/${id}/claims`).set(auth(admin)).expect(200)).body as CastClaim[];

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN, STAGING_INTERVAL_SECONDS: '0' } });
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  describe('health', () => {
    it('is ok for a link that can serve, in the list, the detail and the answer to a save', async () => {
      const c = await createCast({ name: uniqueName('healthy') });
      expect(c.health).toEqual({ status: 'ok', reasons: [] });
      expect((await read(c.id)).health).toEqual({ status: 'ok', reasons: [] });
      const list = (
        await t
          .http()
          .get(`/api/admin/casting?q=${encodeURIComponent(c.name)}`)
          .set(auth(admin))
          .expect(200)
      ).body as Page<CastConfig>;
      expect(list.items).toEqual([
        expect.objectContaining({ id: c.id, health: { status: 'ok', reasons: [] } }),
      ]);
    });

    it('names a CAPTCHA link while no CAPTCHA keys are set, and clears once they are', async () => {
      const c = await createCast({ requireCaptcha: true });
      expect((await read(c.id)).health).toEqual({ status: 'refusing', reasons: ['CAPTCHA_NOT_CONFIGURED'] });
      // The same link without anonymous access needs no CAPTCHA.
      const signedIn = await createCast({ allowAnonymous: false });
      expect((await read(signedIn.id)).health?.status).toBe('ok');
      await t
        .http()
        .put('/api/admin/settings')
        .set(auth(admin))
        .send({ captchaProvider: 'turnstile', captchaSiteKey: 'site', captchaSecretKey: 'secret' })
        .expect(200);
      try {
        expect((await read(c.id)).health).toEqual({ status: 'ok', reasons: [] });
      } finally {
        await t
          .http()
          .put('/api/admin/settings')
          .set(auth(admin))
          .send({ captchaProvider: null, captchaSiteKey: null, captchaSecretKey: null })
          .expect(200);
      }
      expect((await read(c.id)).health?.reasons).toEqual(['CAPTCHA_NOT_CONFIGURED']);
    });

    it('names an image that no engine has', async () => {
      const broken = await createContainerWorkspace(t, admin, { image: 'caster/no-such-image:never' });
      const c = await createCast({}, broken);
      expect((await read(c.id)).health).toEqual({ status: 'refusing', reasons: ['IMAGE_MISSING'] });
    });

    it('names a disabled workspace, and is ok again once it is enabled', async () => {
      const ws = await createContainerWorkspace(t, admin);
      const c = await createCast({}, ws);
      await t
        .http()
        .patch(`/api/admin/workspaces/${ws}`)
        .set(auth(admin))
        .send({ enabled: false })
        .expect(200);
      expect((await read(c.id)).health).toEqual({ status: 'refusing', reasons: ['WORKSPACE_DISABLED'] });
      await t
        .http()
        .patch(`/api/admin/workspaces/${ws}`)
        .set(auth(admin))
        .send({ enabled: true })
        .expect(200);
      expect((await read(c.id)).health?.status).toBe('ok');
    });

    it('names an expired, an exhausted and a disabled link, every reason at once', async () => {
      const expired = await createCast({ validUntil: '2001-01-01T00:00:00.000Z' });
      expect((await read(expired.id)).health?.reasons).toEqual(['EXPIRED']);
      const exhausted = await createCast({ limitSessions: true, sessionsRemaining: 0 });
      expect((await read(exhausted.id)).health?.reasons).toEqual(['EXHAUSTED']);
      const all = await createCast({
        enabled: false,
        validUntil: '2001-01-01T00:00:00.000Z',
        limitSessions: true,
        sessionsRemaining: 0,
        requireCaptcha: true,
      });
      expect((await read(all.id)).health).toEqual({
        status: 'refusing',
        reasons: ['LINK_DISABLED', 'EXPIRED', 'EXHAUSTED', 'CAPTCHA_NOT_CONFIGURED'],
      });
    });
  });

  describe("the page's first look", () => {
    it('audits GET refusals as checks of the link (expired, disabled, referrer), counts them in the overview and /metrics; a successful look is not kept', async () => {
      const expired = await createCast({
        validUntil: '2001-01-01T00:00:00.000Z',
        errorUrl: 'https://example.org/sorry',
      });
      const off = await createCast({ enabled: false });
      const fenced = await createCast({ allowedReferrers: ['acme.com'] });
      const fine = await createCast();

      const refused = await t.http().get(`/api/cast/${expired.key}`).expect(410);
      expect(refused.body.error).toMatchObject({
        code: 'CAST_EXPIRED',
        details: { errorUrl: 'https://example.org/sorry' },
      });
      await t.http().get(`/api/cast/${expired.key}`).expect(410);
      await t.http().get(`/api/cast/${off.key}`).expect(404);
      await t
        .http()
        .get(`/api/cast/${fenced.key}?referrer=${encodeURIComponent('https://evilacme.com/')}`)
        .expect(403);
      await t
        .http()
        .get(`/api/cast/${fenced.key}?referrer=${encodeURIComponent('https://portal.acme.com/')}`)
        .expect(200);
      await t.http().get(`/api/cast/${fine.key}`).expect(200);
      await t
        .http()
        .get(`/api/cast/no-link-has-this-key-${uniqueName('k')}`)
        .expect(404);

      const check = (outcome: string): unknown =>
        expect.objectContaining({ outcome, stage: 'check', sessionId: null });
      expect(await claims(expired.id)).toEqual([check('CAST_EXPIRED'), check('CAST_EXPIRED')]);
      expect((await claims(expired.id))[0].ip).toMatch(/127\.0\.0\.1/);
      expect(await claims(off.id)).toEqual([check('CAST_NOT_FOUND')]);
      expect(await claims(fenced.id)).toEqual([check('REFERRER_NOT_ALLOWED')]);
      expect(await claims(fine.id)).toEqual([]);

      const o = (await t.http().get('/api/admin/overview?hours=1').set(auth(admin)).expect(200))
        .body as AdminOverview;
      expect(o.casts.totals['CAST_EXPIRED']).toBeGreaterThanOrEqual(2);
      expect(o.casts.totals['REFERRER_NOT_ALLOWED']).toBeGreaterThanOrEqual(1);
      expect(o.topRefusingLinks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: expired.id, refusals: 2, byReason: { CAST_EXPIRED: 2 } }),
          expect.objectContaining({ id: fenced.id, refusals: 1, byReason: { REFERRER_NOT_ALLOWED: 1 } }),
        ]),
      );

      const metrics = (await t.http().get('/metrics').set(auth(METRICS_TOKEN)).expect(200)).text;
      expect(metrics).toContain(`caster_cast_checks_total{link="${expired.key}",outcome="CAST_EXPIRED"} 2`);
      expect(metrics).toContain(
        `caster_cast_checks_total{link="${fenced.key}",outcome="REFERRER_NOT_ALLOWED"} 1`,
      );
      expect(metrics).toContain(`caster_cast_checks_total{link="${fenced.key}",outcome="ok"} 1`);
    });

    it('a refused cast (POST) is still a cast in the audit', async () => {
      const expired = await createCast({ validUntil: '2001-01-01T00:00:00.000Z' });
      await t.http().post(`/api/cast/${expired.key}`).send({}).expect(410);
      expect(await claims(expired.id)).toEqual([
        expect.objectContaining({ outcome: 'CAST_EXPIRED', stage: 'cast' }),
      ]);
    });
  });
});
