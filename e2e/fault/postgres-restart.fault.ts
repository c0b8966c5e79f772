// PostgreSQL restarts (fast shutdown: every connection is cut) under two running replicas. The API
// must come back by itself: health, sign-in, casting, launching and cross-replica events, with the
// same processes and without losing the sessions that were running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, call, cast, EventStream, untilConsistent, untilRunning, visitorIp } from './support/caster';
import { ADMIN_PASSWORD, startCluster, type Cluster, type Replica } from './support/cluster';
import { until } from './support/poll';

describe('PostgreSQL restarted', () => {
  let c: Cluster;
  let admin: Admin;

  beforeAll(async () => {
    c = await startCluster('postgres-restart');
    admin = await Admin.create(c);
  });
  afterAll(async () => {
    await c?.stop();
  });

  const healthy = (r: Replica, timeoutMs = 60_000): Promise<unknown> =>
    until(
      `${r.name} is healthy again`,
      async () => {
        const res = await call<{ status?: string }>(r, 'GET', '/api/health');
        if (res.status === 200 && res.body.status === 'ok') return true;
        throw new Error(`health ${res.status} ${JSON.stringify(res.body)}`);
      },
      { timeoutMs, intervalMs: 250 },
    );

  /** Sign-in, a cast launched on each replica, and its events watched on the other one. */
  async function everythingWorks(link: { id: string; key: string }, net: number): Promise<void> {
    for (const r of c.replicas) {
      const login = await call(r, 'POST', '/api/auth/login', {
        body: { username: 'admin', password: ADMIN_PASSWORD },
      });
      expect(login.status, `sign-in on ${r.name}: ${JSON.stringify(login.body)}`).toBeLessThan(300);
    }
    for (const [i, [from, to]] of [
      [c.a, c.b],
      [c.b, c.a],
    ].entries()) {
      const res = await cast(from, link.key, visitorIp(i + 1, net));
      expect(res.status, `cast on ${from.name}: ${JSON.stringify(res.body)}`).toBe(201);
      await untilRunning(admin, res.body.sessionId ?? '');
      // The viewer on the other replica hears the stop made on this one (LISTEN/NOTIFY relay, which
      // has to have reconnected after the restart).
      const viewer = await EventStream.open(to, res.body.sessionId ?? '', res.body.token ?? '');
      try {
        await viewer.waitFor(['running'], 10_000);
        const stop = await admin.req('DELETE', `/api/admin/sessions/${res.body.sessionId}`, undefined, from);
        expect(stop.status).toBe(204);
        await viewer.waitFor(['stopped'], 15_000).catch((e: unknown) => {
          throw new Error(`events from ${from.name} are not relayed to ${to.name}: ${String(e)}`);
        });
      } finally {
        viewer.close();
      }
    }
  }

  it('restarted: the API recovers without being restarted', async () => {
    const link = await admin.createLink({});
    const before = await cast(c.a, link.key, visitorIp(1, 10));
    expect(before.status).toBe(201);
    await untilRunning(admin, before.body.sessionId ?? '');
    const pids = c.replicas.map((r) => r.pid);

    const t0 = Date.now();
    await c.db.restart();
    await Promise.all(c.replicas.map((r) => healthy(r)));
    console.log(`both replicas healthy ${((Date.now() - t0) / 1000).toFixed(1)} s after the restart began`);
    expect(c.replicas.map((r) => r.pid)).toEqual(pids);
    expect(c.replicas.every((r) => r.alive)).toBe(true);

    // The session that ran before still runs, and nothing else appeared.
    await untilConsistent(admin, link, null, 20_000);
    expect(
      (await admin.req<{ state: string }>('GET', `/api/admin/sessions/${before.body.sessionId}`)).body.state,
    ).toBe('running');
    await everythingWorks(link, 11);
    await admin.cleanUp();
  });

  it('down for a while: coded errors meanwhile, then back without a restart', async () => {
    const link = await admin.createLink({});
    await c.db.stop();
    try {
      for (const r of c.replicas) {
        const health = await call(r, 'GET', '/api/health');
        expect(health.status, `health on ${r.name} with the database down`).toBe(503);
        const res = await cast(r, link.key, visitorIp(1, 20));
        console.log(`cast on ${r.name} with the database down: ${res.status} ${res.body.error?.code}`);
        // A coded, retryable refusal — not a 500 INTERNAL that reads like a bug.
        expect(res.status, JSON.stringify(res.body)).toBe(503);
        expect(res.body.error?.code).toBe('SERVICE_UNAVAILABLE');
      }
    } finally {
      await c.db.start();
    }
    await Promise.all(c.replicas.map((r) => healthy(r)));
    expect(c.replicas.every((r) => r.alive)).toBe(true);
    await everythingWorks(link, 21);
    await admin.cleanUp();
  });
});
