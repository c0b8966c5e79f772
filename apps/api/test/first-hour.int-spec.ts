import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CastClaim, CastTestVisit, GettingStarted } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { adminClient, createUser, PASSWORD, type ApiClient } from './support/api-client';
import { createCastLink, createContainerWorkspace, removeContainersOf, TINY_IMAGE } from './support/sessions';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The first hour of an administrator (real PostgreSQL, the real Docker engine): the overview's
 * getting-started checklist, "Open as a visitor" and its test claims, and changing one's own password.
 */
describe('first hour', () => {
  let t: TestApp;
  let admin: ApiClient;
  let installation: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { STAGING_INTERVAL_SECONDS: '0' } });
    admin = await adminClient(t);
    installation = t.app.get(AgentsService).instanceId;
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  const checklist = async (): Promise<GettingStarted> =>
    (await admin.get('/api/admin/overview/getting-started').expect(200)).body as GettingStarted;
  const step = (list: GettingStarted, id: string) => list.steps.find((s) => s.id === id);
  const claims = async (id: string): Promise<CastClaim[]> =>
    (await admin.get(`/api/admin/casting/${id}/claims`).expect(200)).body as CastClaim[];

  describe('getting-started checklist and Open as a visitor', () => {
    let workspaceId: string;
    let linkId: string;
    let linkKey: string;
    let testToken: string;

    it('starts with no workspace, link or try, and finds the image on the engine', async () => {
      const list = await checklist();
      expect(list.steps.map((s) => s.id)).toEqual(['image', 'workspace', 'link', 'tried']);
      expect(list.complete).toBe(false);
      expect(step(list, 'workspace')).toEqual({ id: 'workspace', done: false });
      expect(step(list, 'link')).toEqual({ id: 'link', done: false });
      expect(step(list, 'tried')).toEqual({ id: 'tried', done: false });
      const image = step(list, 'image');
      // The engine here has the session images (the CI builds them), so this step is done.
      expect(image?.done).toBe(true);
      expect(await t.app.get(AgentsService).agents[0].hasImage(image?.ref ?? '')).toBe(true);
    });

    it('is closed to anyone but an administrator', async () => {
      await t.http().get('/api/admin/overview/getting-started').expect(401);
      const user = await createUser(t, admin);
      await user.client.get('/api/admin/overview/getting-started').expect(403);
    });

    it('ticks the workspace, then the link', async () => {
      workspaceId = await createContainerWorkspace(t, admin.token, { image: TINY_IMAGE });
      let list = await checklist();
      expect(step(list, 'workspace')).toEqual({ id: 'workspace', done: true, ref: workspaceId });
      expect(step(list, 'link')?.done).toBe(false);
      const link = await createCastLink(t, admin.token, workspaceId);
      linkId = link.id;
      linkKey = link.key;
      list = await checklist();
      expect(step(list, 'link')).toEqual({ id: 'link', done: true, ref: linkId });
      expect(step(list, 'tried')?.done).toBe(false);
    });

    it('mints a test token for a link, for administrators only', async () => {
      await t.http().post(`/api/admin/casting/${linkId}/test-visit`).expect(401);
      await admin.post('/api/admin/casting/00000000-0000-4000-8000-000000000000/test-visit').expect(404);
      const res = await admin.post(`/api/admin/casting/${linkId}/test-visit`).expect(200);
      const visit = res.body as CastTestVisit;
      expect(visit.token).toMatch(/^ctv_[A-Za-z0-9_-]{43}$/);
      expect(new Date(visit.expiresAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
      testToken = visit.token;
    });

    it("marks the claim of a cast made with the link's test token as a test, and ticks 'tried'", async () => {
      const cast = await t.http().post(`/api/cast/${linkKey}`).send({ params: {}, testToken }).expect(201);
      const sessionId = (cast.body as { sessionId: string }).sessionId;
      const mine = (await claims(linkId)).find((c) => c.sessionId === sessionId);
      expect(mine).toMatchObject({ outcome: 'ok', test: true });
      const list = await checklist();
      expect(step(list, 'tried')).toEqual({ id: 'tried', done: true, ref: linkId });
      expect(list.complete).toBe(true);
      await admin.delete(`/api/admin/sessions/${sessionId}`);
    });

    it('never marks a cast without a token, with a made-up one or with another link’s', async () => {
      const other = await createCastLink(t, admin.token, workspaceId);
      const otherToken = (
        (await admin.post(`/api/admin/casting/${other.id}/test-visit`).expect(200)).body as CastTestVisit
      ).token;
      const forged = `ctv_${'A'.repeat(43)}`;
      // Refused casts (a parameter the link does not allow): no session, but a claim each.
      for (const token of [undefined, forged, otherToken, 'not-a-token']) {
        await t
          .http()
          .post(`/api/cast/${linkKey}`)
          .send({ params: { kasm_url: 'https://example.com/' }, ...(token ? { testToken: token } : {}) })
          .expect(400);
      }
      const refused = (await claims(linkId)).filter((c) => c.outcome === 'PARAMETER_NOT_ALLOWED');
      expect(refused).toHaveLength(4);
      expect(refused.every((c) => !c.test)).toBe(true);
      // The same refusal with the right token is marked.
      await t
        .http()
        .post(`/api/cast/${linkKey}`)
        .send({ params: { kasm_url: 'https://example.com/' }, testToken })
        .expect(400);
      const marked = (await claims(linkId)).filter((c) => c.outcome === 'PARAMETER_NOT_ALLOWED' && c.test);
      expect(marked).toHaveLength(1);
    });

    it("ends a link's test tokens when its key is rotated or it is disabled", async () => {
      // A refused cast (a parameter the link does not allow) leaves a claim and nothing else.
      const markedAsTest = async (link: { id: string }, key: string, token: string) => {
        await t
          .http()
          .post(`/api/cast/${key}`)
          .send({ params: { kasm_url: 'https://example.com/' }, testToken: token })
          .expect(400);
        const [latest] = await claims(link.id);
        return latest?.test;
      };
      const mint = async (id: string): Promise<string> =>
        ((await admin.post(`/api/admin/casting/${id}/test-visit`).expect(200)).body as CastTestVisit).token;

      const rotated = await createCastLink(t, admin.token, workspaceId);
      const beforeRotation = await mint(rotated.id);
      expect(await markedAsTest(rotated, rotated.key, beforeRotation)).toBe(true);
      const newKey = (
        (await admin.post(`/api/admin/casting/${rotated.id}/rotate-key`).expect(200)).body as {
          key: string;
        }
      ).key;
      expect(await markedAsTest(rotated, newKey, beforeRotation)).toBe(false);
      expect(await markedAsTest(rotated, newKey, await mint(rotated.id))).toBe(true);

      const disabled = await createCastLink(t, admin.token, workspaceId);
      const beforeDisabling = await mint(disabled.id);
      await admin.patch(`/api/admin/casting/${disabled.id}`, { enabled: false }).expect(200);
      await admin.patch(`/api/admin/casting/${disabled.id}`, { enabled: true }).expect(200);
      expect(await markedAsTest(disabled, disabled.key, beforeDisabling)).toBe(false);
    });

    it('refuses a test token that is not a string, like any bad body', async () => {
      const res = await t.http().post(`/api/cast/${linkKey}`).send({ testToken: 42 }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('changing one’s own password', () => {
    const NEW_PASSWORD = 'a-brand-new-password';

    it('needs the current password, follows the rules, revokes the other sign-ins and keeps this one', async () => {
      const user = await createUser(t, admin);
      const elsewhere = await t.login(user.username, PASSWORD);
      const change = (body: object) => user.client.post('/api/auth/password', body);

      const wrong = await change({ currentPassword: 'not-it-at-all', newPassword: NEW_PASSWORD }).expect(403);
      expect(wrong.body.error.code).toBe('CURRENT_PASSWORD_INCORRECT');
      const short = await change({ currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
      expect(short.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(Object.keys(short.body.error.details.fields)).toEqual(['newPassword']);
      const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD }).expect(400);
      expect(same.body.error.details.fields).toEqual({
        newPassword: 'must differ from the current password',
      });
      const missing = await change({ newPassword: NEW_PASSWORD }).expect(400);
      expect(missing.body.error.details.fields).toHaveProperty('currentPassword');
      // Nothing was changed by the refusals: the old password still signs in.
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: PASSWORD })
        .expect(200);

      await change({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(204);
      const old = await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: PASSWORD })
        .expect(401);
      expect(old.body.error.code).toBe('INVALID_CREDENTIALS');
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: NEW_PASSWORD })
        .expect(200);
      // This browser stays signed in; the other sign-in is gone.
      await user.client.get('/api/auth/me').expect(200);
      await t.http().get('/api/auth/me').set('Authorization', `Bearer ${elsewhere}`).expect(401);
    });

    it('is refused to an anonymous visitor and to nobody', async () => {
      await t
        .http()
        .post('/api/auth/password')
        .send({ currentPassword: 'x', newPassword: NEW_PASSWORD })
        .expect(401);
      const workspaceId = await createContainerWorkspace(t, admin.token);
      const link = await createCastLink(t, admin.token, workspaceId);
      const cast = await t.http().post(`/api/cast/${link.key}`).send({ params: {} }).expect(201);
      const token = (cast.body as { token: string }).token;
      const res = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', `Bearer ${token}`)
        .send({ currentPassword: 'x', newPassword: NEW_PASSWORD })
        .expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      await admin.delete(`/api/admin/sessions/${(cast.body as { sessionId: string }).sessionId}`);
    });
  });
});
