import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CastConfig } from '@caster/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import { createCastLink, createUser, uniqueName } from './support/sessions';

/** The specification's Excel example, as an admin pastes it. */
const PATTERN = String.raw`([a-zA-Z]:\\)([^\x00-\x1F\*\"/:<>\?\\\|]+\\)*([^\x00-\x1F\*\"/:<>\?\\\|]+\.(xls|xlsx|csv))`;
const EXCEL = {
  remote_app_name: '||Microsoft Excel',
  args: [{ url_param_name: 'file', value_pattern: PATTERN, required: true }],
};
const SAMPLE = 'https://127.0.0.1/#/cast/excel?file=C%3A%5CUsers%5CPublic%5CDocuments%5CUbuntu_Security.xlsx';

describe('remote app dry run (POST /api/admin/casting/remote-app/dry-run)', () => {
  let t: TestApp;
  let admin: string;
  let link: CastConfig;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const dryRun = (body: Record<string, unknown>, token = admin) =>
    t.http().post('/api/admin/casting/remote-app/dry-run').set(auth(token)).send(body);
  const cast = (key: string, params: Record<string, string>) =>
    t.http().post(`/api/cast/${key}`).send({ params });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
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
    link = await createCastLink(t, admin, server.body.id, { remoteAppConfig: EXCEL });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers the specification's example link with a draft and with the saved link alike", async () => {
    const expected = {
      params: { file: 'C:\\Users\\Public\\Documents\\Ubuntu_Security.xlsx' },
      'remote-app': '||Microsoft Excel',
      'remote-app-args': 'C:\\Users\\Public\\Documents\\Ubuntu_Security.xlsx',
    };
    expect((await dryRun({ remoteAppConfig: EXCEL, url: SAMPLE }).expect(200)).body).toEqual(expected);
    expect((await dryRun({ castConfigId: link.id, url: SAMPLE }).expect(200)).body).toEqual(expected);
  });

  it('quotes a value holding cmd.exe metacharacters the way the cast does', async () => {
    const res = await dryRun({ castConfigId: link.id, url: 'file=C%3A%5Cx%26calc%26b.xlsx' }).expect(200);
    expect(res.body['remote-app-args']).toBe('"C:\\x&calc&b.xlsx"');
  });

  it("answers the visitor's coded error, the same code and parameter a cast on the link gets", async () => {
    for (const [url, code] of [
      ['#/cast/excel', 'PARAMETER_REQUIRED'],
      ['?file=C%3A%5Ca.xlsx%22%20%26%20calc', 'PARAMETER_INVALID'],
      ['?file=C%3A%5C%25COMSPEC%25.xlsx', 'PARAMETER_INVALID'],
      ['?file=C%3A%5Ca.exe', 'PARAMETER_INVALID'],
      ['?file=C%3A%5Ca.xlsx%0D%0Aremoteapplicationprogram%3As%3Acmd', 'PARAMETER_INVALID'],
    ] as const) {
      const dry = await dryRun({ castConfigId: link.id, url }).expect(400);
      expect(dry.body.error, url).toMatchObject({ code, details: { param: 'file' } });
      const params = Object.fromEntries(new URLSearchParams(url.slice(url.indexOf('?') + 1)));
      const real = await cast(link.key, url.includes('?') ? params : {}).expect(400);
      expect(real.body.error.code, url).toBe(code);
      expect(real.body.error.details.param, url).toBe('file');
      expect(dry.body.error.message, url).toBe(real.body.error.message);
    }
  });

  it('refuses a NUL in the sample the way the request guard refuses it in a cast', async () => {
    const dry = await dryRun({ castConfigId: link.id, url: '?file=C%3A%5Ca%00.xlsx' }).expect(400);
    expect(dry.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { 'params.file': expect.any(String) } },
    });
    const real = await cast(link.key, { file: 'C:\\a\u0000.xlsx' }).expect(400);
    expect(real.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { 'params.file': expect.any(String) } },
    });
  });

  it('checks a draft as a save would, and asks for exactly one of draft and saved link', async () => {
    const bad = await dryRun({
      remoteAppConfig: { remote_app_name: 'x', args: [{ url_param_name: 'f', value_pattern: '(a)\\1' }] },
      url: 'f=a',
    }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.fields['remoteAppConfig.args[0].value_pattern']).toMatch(/linear-time/);
    for (const body of [{ url: SAMPLE }, { url: SAMPLE, remoteAppConfig: EXCEL, castConfigId: link.id }]) {
      const res = await dryRun(body).expect(400);
      expect(res.body.error.details.fields).toHaveProperty('remoteAppConfig');
    }
    const noUrl = await dryRun({ remoteAppConfig: EXCEL }).expect(400);
    expect(noUrl.body.error.details.fields).toHaveProperty('url');
  });

  it('answers 404 for an unknown link and a field error for a link without a Remote App Configuration', async () => {
    const unknown = await dryRun({ castConfigId: '00000000-0000-4000-8000-000000000000', url: SAMPLE });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const plain = await createCastLink(t, admin, link.workspaceId);
    const res = await dryRun({ castConfigId: plain.id, url: SAMPLE }).expect(400);
    expect(res.body.error.details.fields).toHaveProperty('castConfigId');
  });

  it('is for administrators only', async () => {
    const user = await createUser(t, admin);
    const res = await dryRun({ remoteAppConfig: EXCEL, url: SAMPLE }, user.token);
    expect(res.status).toBe(403);
    await t
      .http()
      .post('/api/admin/casting/remote-app/dry-run')
      .send({ remoteAppConfig: EXCEL, url: SAMPLE })
      .expect(401);
  });
});
