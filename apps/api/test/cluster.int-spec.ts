import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent, SessionState, SessionView, StagingConfigView } from '@caster/contracts';
import { ClusterLock, ClusterNotifications, ReplicaRegistry } from '@caster/api/database';
import { AgentsService } from '@caster/api/provisioning';
import { SessionReaperService, StagingService } from '@caster/api/sessions';
import { TEST_PG_URL, createTestDatabase } from './support/databases';
import {
  containersOf,
  createCastLink,
  createContainerWorkspace,
  docker,
  removeContainersOf,
  setAllUsersSettings,
} from './support/sessions';
import { closed, enterAsOwner, enterShare, sessionOrigin } from './support/session-origin';
import { startTestApp, type TestApp } from './support/test-app';

const REDIS_URL = process.env['CASTER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Env of one replica: timers off (tests drive the jobs), a fast heartbeat, one shared Redis. */
const replicaEnv = (name: string): Record<string, string> => ({
  REPLICA_NAME: name,
  REDIS_URL,
  HEARTBEAT_SECONDS: '1',
  RECONCILE_INTERVAL_SECONDS: '0',
  STAGING_INTERVAL_SECONDS: '0',
  // Released accounts are checked at once here (the grace itself: casting.int-spec).
  FAILED_LAUNCH_GRACE_SECONDS: '0',
});

interface EventStream {
  events: SessionEvent[];
  waitFor: (state: SessionState, timeoutMs?: number) => Promise<void>;
  close: () => void;
}

/** Open streams, aborted before the apps close (an open SSE response would hold a close up). */
const openStreams = new Set<AbortController>();

/** Reads /api/sessions/:id/events over real HTTP, like the viewer page does. */
async function openEvents(t: TestApp, token: string, id: string): Promise<EventStream> {
  const abort = new AbortController();
  openStreams.add(abort);
  const res = await fetch(`${t.url}/api/sessions/${id}/events`, {
    headers: auth(token),
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  const events: SessionEvent[] = [];
  const body = res.body;
  if (!body) throw new Error('no event stream');
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of block.split('\n'))
          if (line.startsWith('data:')) events.push(JSON.parse(line.slice(5)) as SessionEvent);
      }
    }
  })().catch(() => undefined);
  return {
    events,
    close: () => abort.abort(),
    waitFor: async (state, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!events.some((e) => e.state === state)) {
        if (Date.now() > deadline)
          throw new Error(`no ${state} event; got ${events.map((e) => e.state).join(', ')}`);
        await sleep(20);
      }
    },
  };
}

describe('several replicas on one PostgreSQL', () => {
  let dbUrl: string;
  let dropDb: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  let workspaceId: string;
  let installation: string;
  let db: DataSource;

  beforeAll(async () => {
    ({ url: dbUrl, drop: dropDb } = await createTestDatabase());
    a = await startTestApp({ databaseUrl: dbUrl, env: replicaEnv('replica-a') });
    b = await startTestApp({ databaseUrl: dbUrl, env: replicaEnv('replica-b') });
    db = a.app.get(DataSource);
    admin = await a.login();
    installation = a.app.get(AgentsService).instanceId;
    await setAllUsersSettings(a, admin, { max_kasms_per_user: 0, allow_kasm_sharing: true });
    workspaceId = await createContainerWorkspace(a, admin);
  });
  afterAll(async () => {
    for (const s of openStreams) s.abort();
    await b?.close();
    await a?.close();
    if (installation) await removeContainersOf(installation);
    await dropDb?.();
  });

  const launchOn = async (t: TestApp): Promise<SessionView> => {
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as SessionView;
  };
  const stateOf = async (id: string): Promise<string> =>
    (await db.query<{ state: string }[]>('SELECT state FROM sessions WHERE id = $1', [id]))[0].state;
  const waitState = async (id: string, states: string[], timeoutMs = 20_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await stateOf(id);
      if (states.includes(s) || Date.now() > deadline) return s;
      await sleep(25);
    }
  };
  const containerOf = async (sessionId: string) =>
    (await containersOf(installation)).find((c) => c.Labels['org.caster.session-id'] === sessionId);

  it('registers both replicas, each alive and under its own name', async () => {
    const replicas = await a.app.get(ReplicaRegistry).list();
    expect(replicas.map((r) => [r.name, r.alive])).toEqual([
      ['replica-a', true],
      ['replica-b', true],
    ]);
    expect(a.app.get(ReplicaRegistry).id).not.toBe(b.app.get(ReplicaRegistry).id);
  });

  it('streams on replica B the states of a session launched and stopped on replica A, once each on A', async () => {
    const created = await launchOn(a);
    const onB = await openEvents(b, admin, created.id);
    const onA = await openEvents(a, admin, created.id);
    await onB.waitFor('running');
    await onA.waitFor('running');
    await a.http().delete(`/api/sessions/${created.id}`).set(auth(admin)).expect(204);
    await onB.waitFor('stopped');
    await onA.waitFor('stopped');
    onA.close();
    onB.close();
    // B heard 'stopping' and 'stopped' only through the relay (A made them after B's stream opened).
    expect(onB.events.map((e) => e.state).slice(-2)).toEqual(['stopping', 'stopped']);
    // A's own events reach A's viewer once, not a second time through NOTIFY.
    const statesOnA = onA.events.map((e) => e.state);
    for (let i = 1; i < statesOnA.length; i++) expect(statesOnA[i]).not.toBe(statesOnA[i - 1]);
  });

  it('serves a session launched on replica A through the session proxy of replica B, HTTP and WebSocket', async () => {
    const created = await launchOn(a);
    const onA = await openEvents(a, admin, created.id);
    await onA.waitFor('running');
    onA.close();
    const viewerOnB = await enterAsOwner(b, admin, created.id);
    const page = await viewerOnB.get('/').expect(200);
    expect(page.text).toContain('Caster tiny app');
    // The session cookie set through B opens the WebSocket on A (cookies ignore the port):
    // nothing is held in one process.
    const viewerOnA = sessionOrigin(a, created.id, viewerOnB.cookie);
    const ws = await viewerOnA.ws('/websockify');
    if (!('send' in ws)) throw new Error(`refused: ${ws.status}`);
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.send('across replicas');
      ws.on('message', (d) => {
        resolve((d as Buffer).toString().trim());
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(echoed).toBe('across replicas');

    // A share viewer's WebSocket held open on A is cut when the share is revoked on B.
    const share = await b.http().post(`/api/sessions/${created.id}/share`).set(auth(admin)).expect(201);
    const shareViewer = await enterShare(b, share.body.shareId as string);
    const viewerWs = await sessionOrigin(a, created.id, shareViewer.cookie).ws('/websockify');
    const ownerWs = await viewerOnA.ws('/websockify');
    if (!('send' in viewerWs) || !('send' in ownerWs)) throw new Error('WebSocket refused');
    await b.http().delete(`/api/sessions/${created.id}/share`).set(auth(admin)).expect(204);
    await closed(viewerWs);

    // Stopped on B: A's proxy refuses it at once (no cache of a live session), and A's open
    // viewer is cut.
    await b.http().delete(`/api/sessions/${created.id}`).set(auth(admin)).expect(204);
    await closed(ownerWs);
    await viewerOnA.get('/').expect(401);
  });

  it('40 concurrent casts split across both replicas on a budget of 5 give exactly 5 sessions', async () => {
    const link = await createCastLink(a, admin, workspaceId, { limitSessions: true, sessionsRemaining: 5 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? b : a).http().post(`/api/cast/${link.key}`).send({})),
    );
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(5);
    for (const r of results.filter((x) => x.status !== 201))
      expect(r.body.error.code).toBe('SESSIONS_EXHAUSTED');
    const ids = ok.map((r) => (r.body as { sessionId: string }).sessionId);
    expect(new Set(ids).size).toBe(5);
    const [{ remaining, sessions, anonymous }] = await db.query<
      { remaining: number; sessions: string; anonymous: string }[]
    >(
      `SELECT c.sessions_remaining AS remaining,
              (SELECT count(*) FROM sessions s WHERE s.cast_config_id = c.id) AS sessions,
              (SELECT count(*) FROM users u JOIN sessions s ON s.user_id = u.id
                WHERE s.cast_config_id = c.id AND u.anonymous) AS anonymous
         FROM cast_configs c WHERE c.id = $1`,
      [link.id],
    );
    expect({ remaining, sessions: Number(sessions), anonymous: Number(anonymous) }).toEqual({
      remaining: 0,
      sessions: 5,
      anonymous: 5,
    });
    for (const id of ids) expect(await waitState(id, ['running'])).toBe('running');
    await Promise.all(ids.map((id) => a.http().delete(`/api/admin/sessions/${id}`).set(auth(admin))));
  });

  it('hands each warm staged session to one launch only when launches arrive on both replicas', async () => {
    const staged = await createContainerWorkspace(a, admin);
    // The staging config must carry the launching user's effective client settings.
    const probe = await launchOn(a);
    const [{ client_settings: clientSettings }] = await db.query<{ client_settings: unknown }[]>(
      'SELECT client_settings FROM sessions WHERE id = $1',
      [probe.id],
    );
    await a.http().delete(`/api/sessions/${probe.id}`).set(auth(admin)).expect(204);
    const config = await a
      .http()
      .post('/api/admin/staging')
      .set(auth(admin))
      .send({ workspaceId: staged, desiredSessions: 3, expirationHours: 1, clientSettings })
      .expect(201);
    const configId = (config.body as StagingConfigView).id;
    await b.app.get(StagingService).fillOnce();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && ((await a.app.get(StagingService).get(configId)).ready ?? 0) < 3)
      await sleep(50);
    expect((await a.app.get(StagingService).get(configId)).ready).toBe(3);

    const launches = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? b : a).http().post('/api/sessions').set(auth(admin)).send({ workspaceId: staged }),
      ),
    );
    expect(launches.map((r) => r.status)).toEqual(Array(8).fill(201));
    const sessions = launches.map((r) => r.body as SessionView);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(8);
    expect(sessions.filter((s) => s.state === 'running')).toHaveLength(3);
    expect(sessions.filter((s) => s.state === 'provisioning')).toHaveLength(5);
    for (const s of sessions) expect(await waitState(s.id, ['running'])).toBe('running');
    await Promise.all(sessions.map((s) => a.http().delete(`/api/sessions/${s.id}`).set(auth(admin))));
    await a.http().delete(`/api/admin/staging/${configId}`).set(auth(admin)).expect(204);
  });

  describe('reconcile', () => {
    it("leaves replica A's launch in flight alone when replica B reconciles", async () => {
      const created = await launchOn(a);
      const during = await b.app.get(SessionReaperService).reconcile();
      expect(during.abandonedLaunches).toBe(0);
      expect(await waitState(created.id, ['running', 'failed', 'stopped'])).toBe('running');
      expect(await containerOf(created.id)).toBeDefined();

      // The same, pinned in the middle of the launch: provisioning, container made, launcher alive.
      await db.query(`UPDATE sessions SET state = 'provisioning', launched_by = $2 WHERE id = $1`, [
        created.id,
        a.app.get(ReplicaRegistry).id,
      ]);
      const pinned = await b.app.get(SessionReaperService).reconcile();
      expect(pinned.abandonedLaunches).toBe(0);
      expect(await stateOf(created.id)).toBe('provisioning');
      expect(await containerOf(created.id)).toBeDefined();
      await db.query(`UPDATE sessions SET state = 'running' WHERE id = $1`, [created.id]);
      await a.http().delete(`/api/sessions/${created.id}`).set(auth(admin)).expect(204);
    });

    it("does not remove a running session's container on the word of a stale engine listing", async () => {
      // Under load the engine is listed while a launch is between create and start: the listing
      // says "created", and by the time the rows are read the session is already running.
      const created = await launchOn(a);
      expect(await waitState(created.id, ['running'])).toBe('running');
      const agents = b.app.get(AgentsService);
      const agent = agents.agents[0];
      const listManaged = agent.listManaged.bind(agent);
      agent.listManaged = async (instanceId: string) =>
        (await listManaged(instanceId)).map((c) => ({ ...c, state: 'created' }));
      try {
        const result = await b.app.get(SessionReaperService).reconcile();
        expect(result.removedContainers).toBe(0);
      } finally {
        agent.listManaged = listManaged;
      }
      expect(await stateOf(created.id)).toBe('running');
      expect(await containerOf(created.id)).toBeDefined();
      await a.http().delete(`/api/sessions/${created.id}`).set(auth(admin)).expect(204);
    });

    it('fails launches whose replica died: container removed, budget unit and anonymous account given back', async () => {
      const link = await createCastLink(a, admin, workspaceId, { limitSessions: true, sessionsRemaining: 3 });
      const casts = await Promise.all([1, 2].map(() => a.http().post(`/api/cast/${link.key}`).send({})));
      const [first, second] = casts.map((r) => (r.body as { sessionId: string }).sessionId);
      for (const id of [first, second]) expect(await waitState(id, ['running'])).toBe('running');
      const remaining = async () =>
        (
          await db.query<{ n: number }[]>('SELECT sessions_remaining AS n FROM cast_configs WHERE id = $1', [
            link.id,
          ])
        )[0].n;
      expect(await remaining()).toBe(1);

      // A replica that stopped heartbeating a minute ago was in the middle of both launches: one
      // had its container recorded ('starting'), the other not yet ('provisioning').
      const dead = '00000000-0000-4000-8000-00000000dead';
      await db.query(
        `INSERT INTO api_replicas (id, name, started_at, seen_at) VALUES ($1, 'replica-x', now() - interval '1 hour', now() - interval '1 minute')`,
        [dead],
      );
      await db.query(`UPDATE sessions SET state = 'starting', launched_by = $2 WHERE id = $1`, [first, dead]);
      await db.query(
        `UPDATE sessions SET state = 'provisioning', launched_by = $2, container_id = NULL WHERE id = $1`,
        [second, dead],
      );
      const users = await db.query<{ user_id: string }[]>('SELECT user_id FROM sessions WHERE id = ANY($1)', [
        [first, second],
      ]);

      const result = await b.app.get(SessionReaperService).reconcile();
      expect(result.abandonedLaunches).toBe(2);
      expect(await stateOf(first)).toBe('failed');
      expect(await stateOf(second)).toBe('failed');
      expect(await containerOf(first)).toBeUndefined();
      expect(await containerOf(second)).toBeUndefined();
      expect(await remaining()).toBe(3);
      const [{ n }] = await db.query<{ n: string }[]>('SELECT count(*) AS n FROM users WHERE id = ANY($1)', [
        users.map((u) => u.user_id),
      ]);
      expect(Number(n)).toBe(0);
      const [{ code }] = await db.query<{ code: string }[]>(
        'SELECT failure_code AS code FROM sessions WHERE id = $1',
        [first],
      );
      expect(code).toBe('PROVISION_FAILED');
    });

    it('takes a restarted replica’s previous incarnation (same name) for dead at once', async () => {
      const created = await launchOn(a);
      expect(await waitState(created.id, ['running'])).toBe('running');
      // replica-c heartbeated a moment ago, was starting this session, and is now restarting.
      const previous = '00000000-0000-4000-8000-0000000000cc';
      await db.query(`INSERT INTO api_replicas (id, name) VALUES ($1, 'replica-c')`, [previous]);
      await db.query(`UPDATE sessions SET state = 'starting', launched_by = $2 WHERE id = $1`, [
        created.id,
        previous,
      ]);
      expect((await b.app.get(SessionReaperService).reconcile()).abandonedLaunches).toBe(0);
      const c = await startTestApp({ databaseUrl: dbUrl, env: replicaEnv('replica-c') });
      try {
        expect(await stateOf(created.id)).toBe('failed');
        expect(await containerOf(created.id)).toBeUndefined();
      } finally {
        await c.close();
      }
      const names = (await a.app.get(ReplicaRegistry).list()).map((r) => r.name);
      expect(names).not.toContain('replica-c');
    });
  });

  describe('background jobs', () => {
    it('runs a job guarded by the cluster lock on one replica at a time', async () => {
      let active = 0;
      let most = 0;
      let runs = 0;
      const job = async () => {
        active++;
        most = Math.max(most, active);
        runs++;
        await sleep(30);
        active--;
      };
      for (let round = 0; round < 10; round++) {
        const ran = await Promise.all(
          [a, b, a, b].map((t) => t.app.get(ClusterLock).runExclusive('cluster-test-job', job)),
        );
        expect(ran.filter(Boolean)).toHaveLength(1);
      }
      expect(most).toBe(1);
      expect(runs).toBe(10);
      // Every lock went back: none is left held on a pooled connection.
      const [{ n }] = await db.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 7263002 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(Number(n)).toBe(0);
    });

    it('lets the other replica take the job over when the holder dies mid-run', async () => {
      let release!: () => void;
      const held = a.app
        .get(ClusterLock)
        .runExclusive('cluster-test-takeover', () => new Promise<void>((r) => (release = r)));
      await sleep(50);
      expect(
        await b.app.get(ClusterLock).runExclusive('cluster-test-takeover', () => Promise.resolve()),
      ).toBe(false);
      // The holder's connection dies (as when its process is killed): the server drops the lock.
      // Only the holder's: matching the query text would also cut B's pooled connection, which ran
      // the same pg_try_advisory_lock a moment ago, and fail B's next try at random.
      expect(await terminateJobLockHolder()).toBe(1);
      expect(
        await b.app.get(ClusterLock).runExclusive('cluster-test-takeover', () => Promise.resolve()),
      ).toBe(true);
      release();
      await held;
    });
  });

  it('relays again after the listening connection is cut (as by a PostgreSQL restart)', async () => {
    const bus = b.app.get(ClusterNotifications);
    expect(bus.listening).toBe(true);
    expect(await terminate('LISTEN')).toBe(2);
    await sleep(20);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !bus.listening) await sleep(50);
    expect(bus.listening).toBe(true);
    // Connections in both apps' pools were cut too; the next queries must still work.
    const created = await launchOn(a);
    const onB = await openEvents(b, admin, created.id);
    await onB.waitFor('running');
    await a.http().delete(`/api/sessions/${created.id}`).set(auth(admin)).expect(204);
    await onB.waitFor('stopped');
    onB.close();
  });

  /** Ends every backend of the test database whose last query contains `queryLike` (or all of them). */
  /** Kills the connection holding a cluster job lock (class 7263002), as a killed process would. */
  async function terminateJobLockHolder(): Promise<number> {
    const admin = new Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.classid = 7263002 AND l.granted
            AND l.database = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [new URL(dbUrl).pathname.slice(1)],
      );
      return rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  async function terminate(queryLike: string): Promise<number> {
    const admin = new Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND query LIKE '%' || $2 || '%'`,
        [new URL(dbUrl).pathname.slice(1), queryLike],
      );
      return rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  it('leaves no container behind', async () => {
    await sleep(100);
    const live = await db.query<{ id: string }[]>(
      `SELECT id FROM sessions WHERE state IN ('provisioning','starting','running','staged')`,
    );
    const ids = new Set(live.map((r) => r.id));
    const stray = (await containersOf(installation)).filter(
      (c) => !ids.has(c.Labels['org.caster.session-id']),
    );
    for (const c of stray)
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    expect(stray.map((c) => c.Labels['org.caster.session-id'])).toEqual([]);
  });
});
