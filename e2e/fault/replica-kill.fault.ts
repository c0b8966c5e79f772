// A replica dies (SIGKILL: no shutdown hooks) while it is launching sessions. Whatever it left
// half-made — containers of sessions that never ran, sessions stuck provisioning or starting, the
// budget units they took — must be cleaned up: by the replica itself when it comes back, and by
// the surviving replica when it does not (it notices the missing heartbeats).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Admin,
  call,
  cast,
  inconsistencies,
  untilConsistent,
  untilRunning,
  visitorIp,
  type Answer,
  type CastAnswer,
  type CastLink,
} from './support/caster';
import { containersOf, startCluster, type Cluster } from './support/cluster';
import { until } from './support/poll';

describe('a replica killed during launches', () => {
  let c: Cluster;
  let admin: Admin;
  const BUDGET = 30;

  beforeAll(async () => {
    c = await startCluster('replica-kill');
    admin = await Admin.create(c);
  });
  afterAll(async () => {
    await c?.stop();
  });

  /** Starts 16 launches on replica A and kills it once the engine is creating their containers. */
  async function killDuringLaunches(link: CastLink, net: number): Promise<void> {
    const burst = Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        cast(c.a, link.key, visitorIp(i + 1, net)).catch(
          (e: unknown) => ({ status: 0, body: { error: { code: String(e) } } }) as Answer<CastAnswer>,
        ),
      ),
    );
    await until(
      'replica A is creating containers',
      async () => ((await containersOf(c.installation)).length >= 2 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    await c.a.kill();
    const answers = await burst;
    const rows = await c.db.query<{ state: string; n: string }>(
      'SELECT state, count(*) AS n FROM sessions WHERE cast_config_id = $1 GROUP BY state',
      [link.id],
    );
    const states = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    console.log(
      `killed replica A: ${answers.filter((a) => a.status === 201).length} of 16 casts answered, ` +
        `sessions then ${JSON.stringify(states)}, ${(await containersOf(c.installation)).length} container(s)`,
    );
    // Otherwise the kill came too late to test anything.
    expect((states['provisioning'] ?? 0) + (states['starting'] ?? 0)).toBeGreaterThan(0);
  }

  it('after its restart: no orphan containers, no stuck sessions, budget consistent', async () => {
    const link = await admin.createLink({ limitSessions: true, sessionsRemaining: BUDGET });
    await killDuringLaunches(link, 10);
    await c.a.start();
    await untilConsistent(admin, link, BUDGET, 45_000).catch(async (e: unknown) => {
      console.log(`still inconsistent: ${(await inconsistencies(admin, link, BUDGET)).join('; ')}`);
      throw e;
    });
    // Both replicas launch again.
    for (const [i, r] of c.replicas.entries()) {
      const res = await cast(r, link.key, visitorIp(i + 1, 11));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await untilRunning(admin, res.body.sessionId ?? '');
    }
    await admin.cleanUp();
  });

  it('not restarted: the surviving replica cleans up after it', async () => {
    const link = await admin.createLink({ limitSessions: true, sessionsRemaining: BUDGET });
    await killDuringLaunches(link, 20);
    try {
      expect((await call(c.b, 'GET', '/api/health')).status).toBe(200);
      await untilConsistent(admin, link, BUDGET, 45_000).catch(async (e: unknown) => {
        console.log(`still inconsistent: ${(await inconsistencies(admin, link, BUDGET)).join('; ')}`);
        throw e;
      });
      const res = await cast(c.b, link.key, visitorIp(1, 21));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await untilRunning(admin, res.body.sessionId ?? '');
    } finally {
      await c.a.start();
    }
    await admin.cleanUp();
  });
});
