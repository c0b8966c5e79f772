import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CastConfig } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { enterAsOwner } from './support/session-origin';
import { startTestApp, type TestApp } from './support/test-app';
import {
  containersOf,
  createContainerWorkspace,
  removeContainersOf,
  setAllUsersSettings,
  uniqueName,
  waitForSession,
  createCastLink,
} from './support/sessions';

describe('session casting', () => {
  let t: TestApp;
  let admin: string;
  let workspaceId: string;
  let installation: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ env: { STAGING_INTERVAL_SECONDS: '0', FAILED_LAUNCH_GRACE_SECONDS: '3' } });
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, { max_kasms_per_user: 0 });
    workspaceId = await createContainerWorkspace(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  const createCast = (fields: Record<string, unknown> = {}): Promise<CastConfig> =>
    createCastLink(t, admin, workspaceId, fields);
  const cast = (key: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/cast/${key}`).send(body);
  const anonymousCount = async (): Promise<number> =>
    Number(
      (
        await t.app.get(DataSource).query<{ n: string }[]>('SELECT count(*) AS n FROM users WHERE anonymous')
      )[0].n,
    );

  describe('admin configuration', () => {
    it('creates a link with every option and answers it back', async () => {
      const c = await createCast({
        key: 'demo-' + uniqueName('k'),
        allowResume: true,
        limitSessions: true,
        sessionsRemaining: 5,
        limitIps: true,
        ipRequestLimit: 3,
        ipRequestSeconds: 60,
        kasmUrl: 'https://example.org/',
        dynamicKasmUrl: true,
        errorUrl: 'https://example.org/oops',
        disableControlPanel: true,
        disableTips: true,
        enableSharing: true,
        disableFixedResolution: true,
        allowedReferrers: ['acme.com'],
        enforceClientSettings: true,
        validUntil: '2099-01-01T00:00:00.000Z',
      });
      expect(c).toMatchObject({
        allowResume: true,
        sessionsRemaining: 5,
        allowedReferrers: ['acme.com'],
        validUntil: '2099-01-01T00:00:00.000Z',
      });
      const listed = await t
        .http()
        .get('/api/admin/casting?q=' + c.name)
        .set(auth(admin))
        .expect(200);
      expect((listed.body as { items: CastConfig[] }).items.map((i) => i.id)).toContain(c.id);
    });

    it('refuses invalid configs with field details, and duplicate keys with 409', async () => {
      const bad = await t
        .http()
        .post('/api/admin/casting')
        .set(auth(admin))
        .send({
          name: uniqueName('bad'),
          key: 'has spaces/and slashes',
          workspaceId: '00000000-0000-4000-8000-000000000000',
          sessionsRemaining: -1,
          errorUrl: 'javascript:alert(1)',
          kasmUrl: 'ftp://x',
          allowedReferrers: ['https://acme.com/path'],
          validUntil: 'tomorrow',
        })
        .expect(400);
      expect(Object.keys(bad.body.error.details.fields)).toEqual(
        expect.arrayContaining(['key', 'sessionsRemaining', 'errorUrl', 'kasmUrl', 'validUntil']),
      );
      const semantic = await t
        .http()
        .post('/api/admin/casting')
        .set(auth(admin))
        .send({
          name: uniqueName('bad'),
          workspaceId: '00000000-0000-4000-8000-000000000000',
          requireCaptcha: true,
          limitIps: true,
          anonymousGroupId: '00000000-0000-4000-8000-000000000000',
          allowedReferrers: ['https://acme.com/path'],
          remoteAppConfig: {
            remote_app_name: 'x',
            args: [{ url_param_name: 'f', value_pattern: '(?<=a)b' }],
          },
        })
        .expect(400);
      expect(Object.keys(semantic.body.error.details.fields)).toEqual(
        expect.arrayContaining([
          'workspaceId',
          'requireCaptcha',
          'ipRequestLimit',
          'ipRequestSeconds',
          'anonymousGroupId',
          'allowedReferrers[0]',
          'remoteAppConfig.args[0].value_pattern',
        ]),
      );
      const c = await createCast();
      const clash = await t
        .http()
        .post('/api/admin/casting')
        .set(auth(admin))
        .send({ name: uniqueName('x'), key: c.key, workspaceId })
        .expect(409);
      expect(clash.body.error.code).toBe('KEY_TAKEN');
    });

    it('rotates the key: the old one is dead at once', async () => {
      const c = await createCast();
      const rotated = await t
        .http()
        .post(`/api/admin/casting/${c.id}/rotate-key`)
        .set(auth(admin))
        .expect(200);
      expect(rotated.body.key).not.toBe(c.key);
      expect((await t.http().get(`/api/cast/${c.key}`).expect(404)).body.error.code).toBe('CAST_NOT_FOUND');
      await t.http().get(`/api/cast/${rotated.body.key}`).expect(200);
    });
  });

  describe('the visitor', () => {
    it('GET tells the page what it needs, and counts against no limit', async () => {
      const c = await createCast({ limitIps: true, ipRequestLimit: 1, ipRequestSeconds: 60 });
      for (let i = 0; i < 3; i++) {
        const info = await t.http().get(`/api/cast/${c.key}`).expect(200);
        expect(info.body).toMatchObject({ requiresCaptcha: false, requiresLogin: false });
        expect(info.body.workspaceName).toMatch(/^tiny-/);
      }
    });

    it('an anonymous visitor gets a new account, a token and cookie, and a running session; the claim is audited', async () => {
      const c = await createCast({
        enforceClientSettings: true,
        disableControlPanel: true,
        enableSharing: true,
      });
      const res = await cast(c.key, { params: { utm_source: 'newsletter' } }).expect(201);
      expect(res.body).toMatchObject({ resumed: false, redirect: `#/session/${res.body.sessionId}` });
      expect(res.body.token).toMatch(/^cst_/);
      expect(res.headers['set-cookie']?.[0]).toMatch(/caster_token=cst_.*HttpOnly/);
      const me = await t.http().get('/api/auth/me').set(auth(res.body.token)).expect(200);
      expect(me.body.anonymous).toBe(true);
      const s = await waitForSession(t, res.body.token, res.body.sessionId, ['running']);
      expect(s.flags).toMatchObject({ disableControlPanel: true, sharing: true });
      expect(s.shareId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.clientSettings).toEqual(c.clientSettings);
      expect(s.cast).toEqual({ errorUrl: null });
      await (await enterAsOwner(t, res.body.token as string, s.id)).get('/').expect(200);
      const claims = await t.http().get(`/api/admin/casting/${c.id}/claims`).set(auth(admin)).expect(200);
      expect(claims.body[0]).toMatchObject({ outcome: 'ok', sessionId: s.id, userId: me.body.id });
      // Another visitor's request is another account.
      const second = await cast(c.key).expect(201);
      const me2 = await t.http().get('/api/auth/me').set(auth(second.body.token)).expect(200);
      expect(me2.body.id).not.toBe(me.body.id);
    });

    it('answers CAST_NOT_FOUND for unknown or disabled links and CAST_EXPIRED after Valid Until, carrying the Error URL', async () => {
      expect((await cast('no-such-key').expect(404)).body.error.code).toBe('CAST_NOT_FOUND');
      const off = await createCast({ enabled: false });
      expect((await cast(off.key).expect(404)).body.error.code).toBe('CAST_NOT_FOUND');
      const expired = await createCast({
        validUntil: '2001-01-01T00:00:00.000Z',
        errorUrl: 'https://example.org/sorry',
      });
      const res = await cast(expired.key).expect(410);
      expect(res.body.error).toMatchObject({
        code: 'CAST_EXPIRED',
        details: { errorUrl: 'https://example.org/sorry' },
      });
      await t.http().get(`/api/cast/${expired.key}`).expect(410);
    });

    it('restricts to referrers: subdomains pass, look-alikes and a missing referrer do not', async () => {
      const c = await createCast({ allowedReferrers: ['acme.com'] });
      await cast(c.key, { referrer: 'https://portal.acme.com/labs' }).expect(201);
      await cast(c.key, { referrer: 'https://ACME.com/' }).expect(201);
      for (const referrer of ['https://evilacme.com/', 'https://acme.com.evil.net/', undefined]) {
        const res = await cast(c.key, referrer ? { referrer } : {}).expect(403);
        expect(res.body.error.code).toBe('REFERRER_NOT_ALLOWED');
      }
      await t
        .http()
        .get(`/api/cast/${c.key}?referrer=${encodeURIComponent('https://evilacme.com/')}`)
        .expect(403);
    });

    it('requires sign-in when anonymous access is off', async () => {
      const c = await createCast({ allowAnonymous: false });
      expect((await cast(c.key).expect(401)).body.error.code).toBe('AUTH_REQUIRED');
      const info = await t.http().get(`/api/cast/${c.key}`).expect(200);
      expect(info.body.requiresLogin).toBe(true);
      const res = await t.http().post(`/api/cast/${c.key}`).set(auth(admin)).send({}).expect(201);
      expect(res.body.token).toBeUndefined();
    });

    it('checks URL parameters: kasm_url and docker_network need their options; bad values are refused', async () => {
      const plain = await createCast();
      expect(
        (await cast(plain.key, { params: { kasm_url: 'https://x.org' } }).expect(400)).body.error.code,
      ).toBe('PARAMETER_NOT_ALLOWED');
      expect((await cast(plain.key, { params: { docker_network: 'lab' } }).expect(400)).body.error.code).toBe(
        'PARAMETER_NOT_ALLOWED',
      );
      const dynamic = await createCast({ dynamicKasmUrl: true, dynamicDockerNetwork: true });
      for (const kasm_url of ['javascript:alert(1)', 'file:///etc/passwd']) {
        expect((await cast(dynamic.key, { params: { kasm_url } }).expect(400)).body.error.code).toBe(
          'PARAMETER_INVALID',
        );
      }
      // A control character is refused before any policy runs, like in every other request string.
      const nul = await cast(dynamic.key, { params: { kasm_url: 'https://x.org/\u0000' } }).expect(400);
      expect(nul.body.error.code).toBe('VALIDATION_FAILED');
      expect(nul.body.error.details.fields).toHaveProperty(['params.kasm_url']);
      // the workspace does not allow network selection
      expect(
        (await cast(dynamic.key, { params: { docker_network: 'lab' } }).expect(400)).body.error.code,
      ).toBe('PARAMETER_NOT_ALLOWED');
      const ok = await cast(dynamic.key, { params: { kasm_url: 'example.com/path' } }).expect(201);
      const s = await t.http().get(`/api/sessions/${ok.body.sessionId}`).set(auth(ok.body.token)).expect(200);
      expect(s.body.kasmUrl).toBe('https://example.com/path');
    });
  });

  describe('limits', () => {
    it('20 concurrent anonymous requests on a budget of 3 give exactly 3 sessions and leave no other account', async () => {
      const c = await createCast({ limitSessions: true, sessionsRemaining: 3 });
      const before = await anonymousCount();
      const results = await Promise.all(Array.from({ length: 20 }, () => cast(c.key)));
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(3);
      for (const r of results.filter((x) => x.status !== 201))
        expect(r.body.error.code).toBe('SESSIONS_EXHAUSTED');
      expect(new Set(created.map((r) => (r.body as { sessionId: string }).sessionId)).size).toBe(3);
      expect(await anonymousCount()).toBe(before + 3);
      const after = await t.http().get(`/api/admin/casting/${c.id}`).set(auth(admin)).expect(200);
      expect(after.body.sessionsRemaining).toBe(0);
    });

    it('gives the unit back and, after a grace, removes the anonymous account when provisioning fails', async () => {
      const broken = await createContainerWorkspace(t, admin, { image: 'caster/no-such-image:never' });
      const c = await createCast({
        workspaceId: broken,
        limitSessions: true,
        sessionsRemaining: 1,
        errorUrl: 'https://example.org/sorry?lang=en',
      });
      const before = await anonymousCount();
      const res = await cast(c.key).expect(201);
      // The visitor follows their session with their own token, as the page does: they read why
      // it failed (not a 401 that would send them to the administrators' sign-in).
      const visitor = (path: string) =>
        t
          .http()
          .get(path)
          .set(auth(res.body.token as string));
      const until = Date.now() + 15_000;
      let view: {
        state: string;
        failure?: { code: string } | null;
        cast?: { errorUrl: string | null } | null;
      } = { state: '' };
      while (Date.now() < until && view.state !== 'failed') {
        view = (await visitor(`/api/sessions/${res.body.sessionId}`).expect(200)).body as typeof view;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(view.state).toBe('failed');
      expect(view.failure?.code).toBe('PROVISION_FAILED');
      // The visitor's page sends the failure where the link's refusals go: its Error URL.
      expect(view.cast).toEqual({ errorUrl: 'https://example.org/sorry?lang=en' });
      const deadline = Date.now() + 10_000;
      let remaining = 0;
      while (Date.now() < deadline && remaining !== 1) {
        remaining = (await t.http().get(`/api/admin/casting/${c.id}`).set(auth(admin))).body
          .sessionsRemaining as number;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(remaining).toBe(1);
      // Still readable within the grace (FAILED_LAUNCH_GRACE_SECONDS, 3 s here) …
      await visitor(`/api/sessions/${res.body.sessionId}`).expect(200);
      expect(await anonymousCount()).toBe(before + 1);
      // … then the account and its token are gone.
      const gone = Date.now() + 10_000;
      while (Date.now() < gone && (await anonymousCount()) !== before)
        await new Promise((r) => setTimeout(r, 100));
      expect(await anonymousCount()).toBe(before);
      await visitor(`/api/sessions/${res.body.sessionId}`).expect(401);
      // The audit no longer says "ok": the claim carries what became of the session.
      const claims = await t.http().get(`/api/admin/casting/${c.id}/claims`).set(auth(admin)).expect(200);
      expect(claims.body).toEqual([
        expect.objectContaining({ outcome: 'PROVISION_FAILED', sessionId: res.body.sessionId }),
      ]);
    });

    it('limits requests per IP; X-Forwarded-For counts only from trusted proxies', async () => {
      const c = await createCast({ limitIps: true, ipRequestLimit: 2, ipRequestSeconds: 60 });
      // Untrusted: the header is ignored, every request is 127.0.0.1.
      await t.http().post(`/api/cast/${c.key}`).set('X-Forwarded-For', '203.0.113.1').send({}).expect(201);
      await t.http().post(`/api/cast/${c.key}`).set('X-Forwarded-For', '203.0.113.2').send({}).expect(201);
      const limited = await t
        .http()
        .post(`/api/cast/${c.key}`)
        .set('X-Forwarded-For', '203.0.113.3')
        .send({})
        .expect(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

      // Trusted: each forwarded address has its own allowance.
      await t
        .http()
        .put('/api/admin/settings')
        .set(auth(admin))
        .send({ trustedProxies: ['127.0.0.1/32', '::1/128'] })
        .expect(200);
      try {
        const d = await createCast({ limitIps: true, ipRequestLimit: 1, ipRequestSeconds: 60 });
        await t.http().post(`/api/cast/${d.key}`).set('X-Forwarded-For', '198.51.100.7').send({}).expect(201);
        await t.http().post(`/api/cast/${d.key}`).set('X-Forwarded-For', '198.51.100.7').send({}).expect(429);
        await t.http().post(`/api/cast/${d.key}`).set('X-Forwarded-For', '198.51.100.8').send({}).expect(201);
        const claims = await t.http().get(`/api/admin/casting/${d.id}/claims`).set(auth(admin)).expect(200);
        const audit = claims.body as { ip: string; outcome: string }[];
        expect(audit.map((x) => x.ip)).toEqual(expect.arrayContaining(['198.51.100.7', '198.51.100.8']));
        expect(audit.map((x) => x.outcome)).toContain('RATE_LIMITED');
      } finally {
        await t.http().put('/api/admin/settings').set(auth(admin)).send({ trustedProxies: [] }).expect(200);
      }
    });
  });

  describe('CAPTCHA with a local stand-in verifier', () => {
    let verifier: Server;
    let calls: URLSearchParams[] = [];
    beforeAll(async () => {
      verifier = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          calls.push(form);
          res.setHeader('Content-Type', 'application/json');
          res.end(
            JSON.stringify({
              success: form.get('secret') === 'stand-in-secret' && form.get('response')?.startsWith('good'),
            }),
          );
        });
      });
      await new Promise<void>((r) => verifier.listen(0, '127.0.0.1', () => r()));
      const port = (verifier.address() as AddressInfo).port;
      await t
        .http()
        .put('/api/admin/settings')
        .set(auth(admin))
        .send({
          captchaProvider: 'turnstile',
          captchaSiteKey: 'stand-in-site-key',
          captchaSecretKey: 'stand-in-secret',
          captchaVerifyUrl: `http://127.0.0.1:${port}/siteverify`,
          captchaScriptUrl: `http://127.0.0.1:${port}/widget.js`,
        })
        .expect(200);
      // The dashboard's CSP now lets the widget's script and frames load.
      const csp = (await t.http().get('/api/health')).headers['content-security-policy'];
      expect(csp).toMatch(new RegExp(`script-src 'self'[^;]* http://127\\.0\\.0\\.1:${port}`));
      expect(csp).toContain('https://challenges.cloudflare.com');
    });
    afterAll(() => new Promise<void>((r) => verifier.close(() => r())));

    it('requires, verifies server-side, refuses bad and replayed tokens, and refuses when the verifier is down', async () => {
      const c = await createCast({ requireCaptcha: true });
      const info = await t.http().get(`/api/cast/${c.key}`).expect(200);
      expect(info.body).toMatchObject({
        requiresCaptcha: true,
        captcha: { provider: 'turnstile', siteKey: 'stand-in-site-key' },
      });
      expect(JSON.stringify(info.body)).not.toContain('stand-in-secret');

      expect((await cast(c.key).expect(401)).body.error.code).toBe('CAPTCHA_REQUIRED');
      expect((await cast(c.key, { captchaToken: 'bad-token' }).expect(403)).body.error.code).toBe(
        'CAPTCHA_INVALID',
      );
      calls = [];
      const good = await cast(c.key, { captchaToken: 'good-token-1' });
      expect(good.status, JSON.stringify(good.body)).toBe(201);
      expect(calls[0].get('remoteip')).toMatch(/127\.0\.0\.1/);
      expect((await cast(c.key, { captchaToken: 'good-token-1' }).expect(403)).body.error.code).toBe(
        'CAPTCHA_INVALID',
      );

      await new Promise<void>((r) => verifier.close(() => r()));
      verifier.closeAllConnections();
      const down = await cast(c.key, { captchaToken: 'good-token-2' }).expect(403);
      expect(down.body.error.code).toBe('CAPTCHA_INVALID');
      // Signed-in users skip the CAPTCHA.
      await t.http().post(`/api/cast/${c.key}`).set(auth(admin)).send({}).expect(201);
    });
  });

  describe('resume', () => {
    it("returns a signed-in user's running session of the link, and opens a new kasm_url through the image's hook", async () => {
      const c = await createCast({ allowAnonymous: false, allowResume: true, dynamicKasmUrl: true });
      const first = await t.http().post(`/api/cast/${c.key}`).set(auth(admin)).send({}).expect(201);
      expect(first.body.resumed).toBe(false);
      await waitForSession(t, admin, first.body.sessionId, ['running']);
      const again = await t.http().post(`/api/cast/${c.key}`).set(auth(admin)).send({}).expect(201);
      expect(again.body).toMatchObject({ resumed: true, sessionId: first.body.sessionId });
      expect(again.body.openUrl).toBeUndefined();
      const url = 'https://example.org/next?x=1;touch /tmp/pwned';
      const withUrl = await t
        .http()
        .post(`/api/cast/${c.key}`)
        .set(auth(admin))
        .send({ params: { kasm_url: url } })
        .expect(201);
      expect(withUrl.body).toMatchObject({ resumed: true, openUrl: new URL(url).toString() });
      const opened = await (
        await enterAsOwner(t, admin, first.body.sessionId as string)
      )
        .get('/opened.txt')
        .expect(200);
      expect(opened.text).toContain(new URL(url).toString());
      const [container] = (await containersOf(installation)).filter(
        (x) => x.Labels['org.caster.session-id'] === first.body.sessionId,
      );
      expect(container).toBeDefined();
    });
  });

  describe('hostile input', () => {
    it('answers every hostile key, body and parameter with a coded 4xx and leaves nothing behind', async () => {
      const c = await createCast({ limitSessions: true, sessionsRemaining: 1, dynamicKasmUrl: true });
      const containersBefore = (await containersOf(installation)).length;
      const anonBefore = await anonymousCount();
      const hostile = [
        "' OR 1=1 --",
        '../../etc/passwd',
        '$(reboot)',
        '`id`',
        'a\u0000b',
        '\u001b[31m',
        'x'.repeat(10_000),
        '%00',
        '<script>',
      ];
      for (const key of hostile) {
        const res = await t
          .http()
          .post(`/api/cast/${encodeURIComponent(key)}`)
          .send({});
        expect(res.status, key).toBeGreaterThanOrEqual(400);
        expect(res.status, key).toBeLessThan(500);
        expect(res.body.error.code).toBeDefined();
      }
      const bodies: unknown[] = [
        { params: 'string' },
        { params: [1, 2] },
        { params: { kasm_url: 42 } },
        { params: { kasm_url: { nested: true } } },
        { params: { kasm_url: 'x'.repeat(10_000) } },
        { params: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, 'v'])) },
        { referrer: 12 },
        { captchaToken: ['a'] },
        { unknownField: true },
        ...hostile.map((v) => ({ params: { kasm_url: v } })),
        ...hostile.map((v) => ({ params: { docker_network: v } })),
      ];
      for (const body of bodies) {
        const res = await cast(c.key, body as Record<string, unknown>);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
        expect(res.body.error.code).toMatch(/^(PARAMETER_|VALIDATION_FAILED)/);
      }
      const malformed = await t
        .http()
        .post(`/api/cast/${c.key}`)
        .set('Content-Type', 'application/json')
        .send('{"params":');
      expect(malformed.status).toBe(400);
      expect((await containersOf(installation)).length).toBe(containersBefore);
      expect(await anonymousCount()).toBe(anonBefore);
      expect((await t.http().get(`/api/admin/casting/${c.id}`).set(auth(admin))).body.sessionsRemaining).toBe(
        1,
      );
    });
  });

  describe('remote app', () => {
    it('builds remote-app and remote-app-args for server workspaces and refuses injection attempts', async () => {
      const server = await t
        .http()
        .post('/api/admin/workspaces')
        .set(auth(admin))
        .send({
          name: uniqueName('rds'),
          type: 'server',
          server: { host: 'rds.example.com', port: 3389, protocol: 'rdp', username: 'svc' },
        })
        .expect(201);
      const pattern = String.raw`([a-zA-Z]:\\)([^\x00-\x1F\*\"/:<>\?\\\|]+\\)*([^\x00-\x1F\*\"/:<>\?\\\|]+\.(xls|xlsx|csv))`;
      const c = await createCast({
        workspaceId: server.body.id,
        remoteAppConfig: {
          remote_app_name: '||Microsoft Excel',
          args: [{ url_param_name: 'file', value_pattern: pattern, required: true }],
        },
      });
      const ok = await cast(c.key, {
        params: { file: 'C:\\Users\\Public\\Documents\\Ubuntu Security.xlsx' },
      }).expect(201);
      // The visitor learns nothing of the server; the administrator sees what the gateway was given.
      const s = await t.http().get(`/api/sessions/${ok.body.sessionId}`).set(auth(ok.body.token)).expect(200);
      expect(s.body).not.toHaveProperty('connection');
      expect(JSON.stringify(s.body)).not.toContain('rds.example.com');
      const seen = await t
        .http()
        .get(`/api/admin/sessions/${ok.body.sessionId}`)
        .set(auth(admin))
        .expect(200);
      expect(seen.body.connection).toMatchObject({
        hostname: 'rds.example.com',
        'remote-app': '||Microsoft Excel',
        'remote-app-args': '"C:\\Users\\Public\\Documents\\Ubuntu Security.xlsx"',
      });
      const refused = await t
        .http()
        .get(`/api/sessions/${ok.body.sessionId}/rdp`)
        .set(auth(ok.body.token))
        .expect(403);
      expect(refused.body.error.code).toBe('RDP_FILE_ADMIN_ONLY');
      const rdp = await t
        .http()
        .get(`/api/admin/sessions/${ok.body.sessionId}/rdp`)
        .set(auth(admin))
        .expect(200);
      expect(rdp.text).toContain('remoteapplicationprogram:s:||Microsoft Excel');
      expect(rdp.text).toContain('remoteapplicationmode:i:1');
      await t.http().delete(`/api/admin/sessions/${ok.body.sessionId}`).set(auth(admin)).expect(204);

      expect((await cast(c.key, {}).expect(400)).body.error.code).toBe('PARAMETER_REQUIRED');
      for (const file of [
        'C:\\a.xlsx" /x calc.exe',
        'C:\\a.xlsx & calc',
        'C:\\a.xlsx\r\nremoteapplicationprogram:s:cmd',
        '\\\\evil\\share\\a.xlsx',
        'C:\\a.exe',
      ]) {
        const res = await cast(c.key, { params: { file } }).expect(400);
        expect(res.body.error.code).toBe('PARAMETER_INVALID');
      }
    });
  });
});
