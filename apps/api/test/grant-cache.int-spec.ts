import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { ClusterNotifications } from '@caster/api/database';
import { AgentsService } from '@caster/api/provisioning';
import { SessionProxyService } from '@caster/api/sessions';
import { TEST_PG_URL, createTestDatabase } from './support/databases';
import {
  createContainerWorkspace,
  createUser,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';
import { enterAsOwner, enterShare, type SessionOriginClient } from './support/session-origin';
import { startTestApp, type TestApp } from './support/test-app';

const REDIS_URL = process.env['CASTER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const replicaEnv = (name: string): Record<string, string> => ({
  REPLICA_NAME: name,
  REDIS_URL,
  HEARTBEAT_SECONDS: '1',
  RECONCILE_INTERVAL_SECONDS: '0',
  STAGING_INTERVAL_SECONDS: '0',
});

/**
 * The session proxy keeps grant lookups for a few seconds (no database round trip per request),
 * yet a grant revoked or a session stopped on one replica is refused on the other's very next
 * request, though that replica had the grant cached.
 */
describe('the proxy grant cache across two replicas', () => {
  let dbUrl: string;
  let dropDb: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  let workspaceId: string;
  let installation: string;

  beforeAll(async () => {
    ({ url: dbUrl, drop: dropDb } = await createTestDatabase());
    a = await startTestApp({ databaseUrl: dbUrl, env: replicaEnv('replica-a') });
    b = await startTestApp({ databaseUrl: dbUrl, env: replicaEnv('replica-b') });
    admin = await a.login();
    installation = a.app.get(AgentsService).instanceId;
    await setAllUsersSettings(a, admin, { max_kasms_per_user: 0, allow_kasm_sharing: true });
    workspaceId = await createContainerWorkspace(a, admin);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (installation) await removeContainersOf(installation);
    await dropDb?.();
  });

  const cacheOf = (t: TestApp) => t.app.get(SessionProxyService).grants;

  const launch = async (token = admin): Promise<SessionView> => {
    const res = await a.http().post('/api/sessions').set(auth(token)).send({ workspaceId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return waitForSession(a, token, (res.body as SessionView).id, ['running']);
  };

  /** Two requests through the viewer's replica: the second is served from its cache. */
  const cached = async (t: TestApp, viewer: SessionOriginClient): Promise<void> => {
    await viewer.get('/').expect(200);
    const before = cacheOf(t).size;
    expect(before).toBeGreaterThan(0);
    await viewer.get('/').expect(200);
  };

  it('refuses a share viewer on B the moment the share is revoked on A', async () => {
    const session = await launch();
    const share = await a.http().post(`/api/sessions/${session.id}/share`).set(auth(admin)).expect(201);
    const viewer = await enterShare(b, share.body.shareId as string);
    await cached(b, viewer);
    await a.http().delete(`/api/sessions/${session.id}/share`).set(auth(admin)).expect(204);
    await viewer.get('/').expect(401);
    await a.http().delete(`/api/sessions/${session.id}`).set(auth(admin)).expect(204);
  });

  it('refuses the owner on B the moment the session is stopped on A', async () => {
    const session = await launch();
    const owner = await enterAsOwner(b, admin, session.id);
    await cached(b, owner);
    await a.http().delete(`/api/sessions/${session.id}`).set(auth(admin)).expect(204);
    const res = await owner.get('/');
    expect([401, 404]).toContain(res.status);
  });

  it('refuses a disabled user on B the moment they are disabled on A', async () => {
    const user = await createUser(a, admin);
    const session = await launch(user.token);
    const owner = await enterAsOwner(b, user.token, session.id);
    await cached(b, owner);
    await a.http().patch(`/api/admin/users/${user.id}`).set(auth(admin)).send({ disabled: true }).expect(200);
    const res = await owner.get('/');
    expect([401, 404]).toContain(res.status);
  });

  it('serves nothing from the cache while the listener is down, and forgets it all when back', async () => {
    const session = await launch();
    const owner = await enterAsOwner(b, admin, session.id);
    await cached(b, owner);
    // Revoked behind the proxies' backs (no NOTIFY): within the TTL, B's cache still admits.
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    try {
      await db.query(`UPDATE session_grants SET revoked_at = now() WHERE session_id = $1`, [session.id]);
      await owner.get('/').expect(200);
      const bus = b.app.get(ClusterNotifications);
      expect(await terminateListeners()).toBe(2);
      const deadline = Date.now() + 5_000;
      while (bus.listening && Date.now() < deadline) await sleep(5);
      // Down (or already back, which cleared the cache): either way the database answers.
      await owner.get('/').expect(401);
      while (!bus.listening && Date.now() < deadline + 10_000) await sleep(50);
      expect(bus.listening).toBe(true);
      expect(cacheOf(b).size).toBe(0);
      await owner.get('/').expect(401);
    } finally {
      await db.end();
    }
    await a.http().delete(`/api/sessions/${session.id}`).set(auth(admin)).expect(204);
  });

  async function terminateListeners(): Promise<number> {
    const pg = new Client({ connectionString: TEST_PG_URL });
    await pg.connect();
    try {
      const { rowCount } = await pg.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND query LIKE '%LISTEN%'`,
        [new URL(dbUrl).pathname.slice(1)],
      );
      return rowCount ?? 0;
    } finally {
      await pg.end();
    }
  }
});
