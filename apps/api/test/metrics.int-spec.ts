import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminOverview, CastConfig, CreatedApiKey } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { clientFor, createUser } from './support/api-client';
import { startTestApp, type TestApp } from './support/test-app';
import {
  createContainerWorkspace,
  removeContainersOf,
  setAllUsersSettings,
  uniqueName,
  waitForSession,
  createCastLink,
} from './support/sessions';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';

/** The value of one sample of the exposition text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('observability: /metrics and the admin overview', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  let agentId: string;
  let workspaceId: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const scrape = async (): Promise<string> =>
    (await t.http().get('/metrics').set(auth(METRICS_TOKEN)).expect(200)).text;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN, STAGING_INTERVAL_SECONDS: '0' } });
    admin = await t.login();
    const agents = t.app.get(AgentsService);
    installation = agents.instanceId;
    agentId = agents.agents[0].def.id;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  const createCast = (fields: Record<string, unknown> = {}): Promise<CastConfig> =>
    createCastLink(t, admin, workspaceId, fields);

  describe('who may scrape', () => {
    it('refuses no credentials and a wrong token with 401, a non-admin with 403', async () => {
      const none = await t.http().get('/metrics').expect(401);
      expect(none.body.error.code).toBe('AUTH_REQUIRED');
      const wrong = await t
        .http()
        .get('/metrics')
        .set(auth(`${METRICS_TOKEN}x`))
        .expect(401);
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
      const user = await createUser(t, clientFor(t, admin));
      const forbidden = await t.http().get('/metrics').set(auth(user.client.token)).expect(403);
      expect(forbidden.body.error.code).toBe('FORBIDDEN');
    });

    it('serves the Prometheus text format to the token, an admin and a global_admin API key', async () => {
      const res = await t.http().get('/metrics').set(auth(METRICS_TOKEN)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;/);
      expect(res.headers['content-type']).toContain('version=0.0.4');
      expect(res.text).toMatch(/^# HELP caster_casts_total /m);
      expect(res.text).toMatch(/^# TYPE caster_launch_duration_seconds histogram$/m);
      expect(sample(res.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      await t.http().get('/metrics').set(auth(admin)).expect(200);

      const key = await t
        .http()
        .post('/api/admin/api-keys')
        .set(auth(admin))
        .send({ name: uniqueName('prometheus'), permissions: ['global_admin'], readOnly: true })
        .expect(201);
      const { key: apiKey, secret } = key.body as CreatedApiKey;
      await t.http().get('/metrics').auth(apiKey, secret).expect(200);
      await t.http().get('/metrics').auth(apiKey, `${secret}x`).expect(401);
      const weak = (
        await t
          .http()
          .post('/api/admin/api-keys')
          .set(auth(admin))
          .send({ name: uniqueName('weak'), permissions: ['sessions_view'] })
          .expect(201)
      ).body as CreatedApiKey;
      await t.http().get('/metrics').auth(weak.key, weak.secret).expect(403);
    });

    it('keeps its metrics in the app’s own registry, not prom-client’s global one', () => {
      expect(globalRegistry.getSingleMetric('caster_casts_total')).toBeUndefined();
    });
  });

  describe('after casts and a launch', () => {
    let served: CastConfig;
    let expired: CastConfig;
    let exhausted: CastConfig;
    let poolId: string;

    beforeAll(async () => {
      served = await createCast();
      expired = await createCast({ validUntil: '2001-01-01T00:00:00.000Z' });
      exhausted = await createCast({ limitSessions: true, sessionsRemaining: 0 });
      const ok = await t.http().post(`/api/cast/${served.key}`).send({}).expect(201);
      await waitForSession(t, ok.body.token, ok.body.sessionId, ['running']);
      await t.http().post(`/api/cast/${expired.key}`).send({}).expect(410);
      await t.http().post(`/api/cast/${expired.key}`).send({}).expect(410);
      await t.http().post(`/api/cast/${exhausted.key}`).send({}).expect(409);
      await t.http().post('/api/cast/no-such-link').send({}).expect(404);
      // The visitor's page checks a link before launching: counted apart from launches.
      await t.http().get(`/api/cast/${served.key}`).expect(200);
      await t.http().get(`/api/cast/${expired.key}`).expect(410);
      poolId = (
        await t
          .http()
          .post('/api/admin/staging')
          .set(auth(admin))
          .send({
            workspaceId,
            desiredSessions: 2,
            expirationHours: 1,
            clientSettings: served.clientSettings,
          })
          .expect(201)
      ).body.id as string;
    });

    it('counts casts by link and outcome, and refusals by link and reason', async () => {
      const text = await scrape();
      expect(sample(text, 'caster_casts_total', { link: served.key, outcome: 'ok' })).toBe(1);
      expect(sample(text, 'caster_casts_total', { link: expired.key, outcome: 'CAST_EXPIRED' })).toBe(2);
      expect(sample(text, 'caster_cast_refusals_total', { link: expired.key, reason: 'CAST_EXPIRED' })).toBe(
        2,
      );
      expect(
        sample(text, 'caster_cast_refusals_total', { link: exhausted.key, reason: 'SESSIONS_EXHAUSTED' }),
      ).toBe(1);
      // An unknown key is counted without its (attacker-chosen) text as a label.
      expect(sample(text, 'caster_cast_refusals_total', { link: '', reason: 'CAST_NOT_FOUND' })).toBe(1);
      expect(text).not.toContain('no-such-link');
      expect(sample(text, 'caster_cast_refusals_total', { link: served.key })).toBeUndefined();
    });

    it('counts link checks (GET) apart, so an expired link still being opened shows without a launch', async () => {
      const text = await scrape();
      expect(sample(text, 'caster_cast_checks_total', { link: served.key, outcome: 'ok' })).toBe(1);
      expect(sample(text, 'caster_cast_checks_total', { link: expired.key, outcome: 'CAST_EXPIRED' })).toBe(
        1,
      );
      // Launches are not counted twice: the GETs did not touch the launch counters.
      expect(sample(text, 'caster_casts_total', { link: expired.key, outcome: 'CAST_EXPIRED' })).toBe(2);
    });

    it('shows the session in caster_sessions and its launch in the histogram', async () => {
      const text = await scrape();
      expect(sample(text, 'caster_sessions', { state: 'running', agent: agentId })).toBe(1);
      expect(sample(text, 'caster_sessions', { state: 'starting', agent: agentId })).toBe(0);
      const labels = { provider: 'docker', agent: agentId };
      expect(sample(text, 'caster_launch_duration_seconds_count', labels)).toBe(1);
      const seconds = sample(text, 'caster_launch_duration_seconds_sum', labels) ?? 0;
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(60);
      expect(sample(text, 'caster_launch_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
    });

    it('reports staging pools from the database: ready against target', async () => {
      const text = await scrape();
      expect(sample(text, 'caster_staging_pool_sessions', { pool: poolId, state: 'target' })).toBe(2);
      expect(sample(text, 'caster_staging_pool_sessions', { pool: poolId, state: 'ready' })).toBe(0);
    });

    it('times HTTP requests under their route template, never the raw URL', async () => {
      const text = await scrape();
      expect(
        sample(text, 'caster_http_request_duration_seconds_count', {
          method: 'POST',
          route: '/api/cast/:key',
          status: '201',
        }),
      ).toBe(1);
      expect(
        sample(text, 'caster_http_request_duration_seconds_count', {
          method: 'POST',
          route: '/api/cast/:key',
          status: '410',
        }),
      ).toBe(2);
      expect(
        sample(text, 'caster_http_request_duration_seconds_count', {
          method: 'GET',
          route: '/api/sessions/:id',
        }),
      ).toBeGreaterThan(0);
      expect(text).not.toContain(`route="/api/cast/${served.key}"`);
    });

    it('answers the overview: casts by outcome per bucket, sessions, pools and the top refusing links', async () => {
      const res = await t.http().get('/api/admin/overview?hours=24').set(auth(admin)).expect(200);
      const o = res.body as AdminOverview;
      expect(o.window).toMatchObject({ hours: 24, bucketSeconds: 3600 });
      expect(Date.parse(o.window.to) - Date.parse(o.window.from)).toBe(24 * 3_600_000);
      expect(o.casts.outcomes).toEqual(['ok', 'CAST_EXPIRED', 'SESSIONS_EXHAUSTED']);
      // Two refused casts of the expired link and the refusal of its check (GET): a visitor stopped
      // at the page's first look never sends the POST, so the overview counts both steps.
      expect(o.casts.totals).toEqual({ ok: 1, CAST_EXPIRED: 3, SESSIONS_EXHAUSTED: 1 });
      expect(o.casts.buckets).toHaveLength(25);
      const summed: Record<string, number> = {};
      for (const b of o.casts.buckets)
        for (const [outcome, n] of Object.entries(b.counts)) summed[outcome] = (summed[outcome] ?? 0) + n;
      expect(summed).toEqual(o.casts.totals);
      expect(o.casts.buckets.at(-1)!.counts).toEqual({ ok: 1, CAST_EXPIRED: 3, SESSIONS_EXHAUSTED: 1 });

      expect(o.sessions.active).toBe(1);
      expect(o.sessions.byState).toEqual({
        staged: 0,
        provisioning: 0,
        starting: 0,
        running: 1,
        stopping: 0,
      });
      expect(o.pools).toEqual([
        expect.objectContaining({ id: poolId, workspaceId, ready: 0, starting: 0, target: 2 }),
      ]);
      expect(o.pools[0].workspaceName).toMatch(/^tiny-/);
      expect(o.topRefusingLinks).toEqual([
        { id: expired.id, name: expired.name, key: expired.key, refusals: 3, byReason: { CAST_EXPIRED: 3 } },
        {
          id: exhausted.id,
          name: exhausted.name,
          key: exhausted.key,
          refusals: 1,
          byReason: { SESSIONS_EXHAUSTED: 1 },
        },
      ]);

      const hour = (await t.http().get('/api/admin/overview?hours=1').set(auth(admin)).expect(200))
        .body as AdminOverview;
      expect(hour.window.bucketSeconds).toBe(300);
      expect(hour.casts.totals).toEqual(o.casts.totals);
      const byDefault = (await t.http().get('/api/admin/overview').set(auth(admin)).expect(200))
        .body as AdminOverview;
      expect(byDefault.window.hours).toBe(24);
    });
  });

  describe('overview access and validation', () => {
    it('refuses a window outside 1–720 whole hours with 400 VALIDATION_FAILED', async () => {
      for (const hours of ['0', '721', '1.5', 'abc', '-3', '']) {
        const res = await t.http().get(`/api/admin/overview?hours=${hours}`).set(auth(admin));
        expect(res.status, hours).toBe(400);
        expect(res.body.error.code, hours).toBe('VALIDATION_FAILED');
        expect(res.body.error.details.fields, hours).toHaveProperty('hours');
      }
      await t.http().get('/api/admin/overview?hours=720').set(auth(admin)).expect(200);
      await t.http().get('/api/admin/overview?days=2').set(auth(admin)).expect(400);
    });

    it('is for administrators only, and the metrics token does not open it', async () => {
      await t.http().get('/api/admin/overview').expect(401);
      await t.http().get('/api/admin/overview').set(auth(METRICS_TOKEN)).expect(401);
    });
  });
});

describe('observability on the embedded database (PGlite), admins only', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ db: 'pglite' });
    admin = await t.login();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /metrics to an admin only, and the overview from the same SQL', async () => {
    await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(401);
    const text = (await t.http().get('/metrics').set('Authorization', `Bearer ${admin}`).expect(200)).text;
    expect(text).toMatch(/^# TYPE caster_sessions gauge$/m);
    const o = (
      await t.http().get('/api/admin/overview?hours=720').set('Authorization', `Bearer ${admin}`).expect(200)
    ).body as AdminOverview;
    expect(o.window.bucketSeconds).toBe(86_400);
    expect(o.casts.totals).toEqual({});
    expect(o.sessions.active).toBe(0);
    expect(o.pools).toEqual([]);
    expect(o.topRefusingLinks).toEqual([]);
  });
});
