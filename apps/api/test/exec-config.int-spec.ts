import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView, StagingConfigView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { StagingService } from '@caster/api/sessions';
import { startTestApp, type TestApp } from './support/test-app';
import {
  createCastLink,
  createContainerWorkspace,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
  ALL_ON,
  GROUP_ALL_ON,
} from './support/sessions';

// Each stage appends "<stage> <KASM_URL>" to a file in the session; "$KASM_URL" is expanded by the
// administrator's own `sh -c`, inside double quotes, so a visitor's URL stays one word of text.
const stage = (name: string) => ({
  cmd: `/bin/sh -c 'echo "${name} $KASM_URL" >> /tmp/exec.log' ${name}`,
});
const EXEC_CONFIG = { first_launch: stage('first_launch'), go: stage('go'), assign: stage('assign') };
describe('Kasm exec configs', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ env: { STAGING_INTERVAL_SECONDS: '0' } });
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    await setAllUsersSettings(t, admin, GROUP_ALL_ON);
  });
  afterAll(async () => {
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  /** The session's /tmp/exec.log, read inside its container, once it has `lines` lines. */
  async function execLog(sessionId: string, lines: number): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    let got: string[] = [];
    while (Date.now() < deadline) {
      const s = (await t.http().get(`/api/admin/sessions/${sessionId}`).set(auth(admin))).body as {
        agentId: string;
        containerId: string;
      };
      const agent = t.app.get(AgentsService).get(s.agentId);
      if (agent && s.containerId) {
        const r = await agent.exec(s.containerId, ['cat', '/tmp/exec.log']);
        got = r.exitCode === 0 ? r.output.split('\n').filter(Boolean) : [];
        if (got.length >= lines) return got;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return got;
  }

  it('refuses a cmd that cannot be split into words when the workspace is saved', async () => {
    const res = await t
      .http()
      .post('/api/admin/workspaces')
      .set(auth(admin))
      .send({ name: 'bad-exec', type: 'container', image: 'x', execConfig: { go: { cmd: "sh -c 'open" } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields['execConfig.go.cmd']).toMatch(/quote/);
  });

  it('runs first_launch then go with the visitor’s KASM_URL as plain text, never through a shell of theirs', async () => {
    const workspaceId = await createContainerWorkspace(t, admin, { execConfig: EXEC_CONFIG });
    const link = await createCastLink(t, admin, workspaceId, { dynamicKasmUrl: true });
    const url = 'https://example.org/a?b=1;touch /tmp/pwned&c=$(id)';
    const res = await t
      .http()
      .post(`/api/cast/${link.key}`)
      .send({ params: { kasm_url: url } })
      .expect(201);
    const sessionId = res.body.sessionId as string;
    await waitForSession(t, res.body.token as string, sessionId, ['running']);
    const log = await execLog(sessionId, 2);
    const opened = new URL(url).toString();
    expect(log).toEqual([`first_launch ${opened}`, `go ${opened}`]);
    const s = (await t.http().get(`/api/admin/sessions/${sessionId}`).set(auth(admin))).body as {
      agentId: string;
      containerId: string;
    };
    const pwned = await t.app.get(AgentsService).get(s.agentId)!.exec(s.containerId, ['ls', '/tmp/pwned']);
    expect(pwned.exitCode).not.toBe(0);
  });

  it('runs first_launch on a warm session, then assign and go when it is claimed', async () => {
    const workspaceId = await createContainerWorkspace(t, admin, { execConfig: EXEC_CONFIG });
    const config = await t
      .http()
      .post('/api/admin/staging')
      .set(auth(admin))
      .send({ workspaceId, desiredSessions: 1, expirationHours: 1, clientSettings: ALL_ON })
      .expect(201);
    const staging = t.app.get(StagingService);
    await staging.fillOnce();
    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      ((await staging.get((config.body as StagingConfigView).id)).ready ?? 0) < 1
    )
      await new Promise((r) => setTimeout(r, 50));

    const launched = await t
      .http()
      .post('/api/sessions')
      .set(auth(admin))
      .send({ workspaceId, kasmUrl: 'https://example.org/claimed' })
      .expect(201);
    const session = launched.body as SessionView;
    expect(session.state).toBe('running'); // the warm one
    const log = await execLog(session.id, 3);
    expect(log).toEqual([
      'first_launch ',
      'assign https://example.org/claimed',
      'go https://example.org/claimed',
    ]);
  });

  it('runs go, not the image hook, when a signed-in user resumes with a new kasm_url', async () => {
    const workspaceId = await createContainerWorkspace(t, admin, { execConfig: EXEC_CONFIG });
    const link = await createCastLink(t, admin, workspaceId, {
      allowAnonymous: false,
      allowResume: true,
      dynamicKasmUrl: true,
    });
    const first = await t.http().post(`/api/cast/${link.key}`).set(auth(admin)).send({}).expect(201);
    await waitForSession(t, admin, first.body.sessionId as string, ['running']);
    await execLog(first.body.sessionId as string, 2);
    await t
      .http()
      .post(`/api/cast/${link.key}`)
      .set(auth(admin))
      .send({ params: { kasm_url: 'https://example.org/next' } })
      .expect(201);
    const log = await execLog(first.body.sessionId as string, 3);
    expect(log).toEqual(['first_launch ', 'go ', 'go https://example.org/next']);
  });
});
