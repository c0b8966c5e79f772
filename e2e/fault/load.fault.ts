// Load on two replicas sharing one PostgreSQL and one Redis: the casting budget and the per-IP
// limit are cluster-wide, and a session's events reach a viewer on the other replica.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Admin,
  cast,
  EventStream,
  inconsistencies,
  LAUNCHING_STATES,
  tally,
  visitorIp,
  type Answer,
  type CastAnswer,
} from './support/caster';
import { containersOf, startCluster, type Cluster } from './support/cluster';
import { until } from './support/poll';

describe('two replicas under load', () => {
  let c: Cluster;
  let admin: Admin;

  beforeAll(async () => {
    c = await startCluster('load');
    admin = await Admin.create(c);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('500 concurrent casts on a budget of 50 give exactly 50 sessions', async () => {
    const BUDGET = 50;
    const link = await admin.createLink({ limitSessions: true, sessionsRemaining: BUDGET });
    const started = Date.now();
    const answers: (Answer<CastAnswer> & { replica: string })[] = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        const replica = c.replicas[i % 2];
        return { ...(await cast(replica, link.key, visitorIp(i + 1))), replica: replica.name };
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const accepted = answers.filter((a) => a.status === 201);
    const perReplica = Object.fromEntries(
      c.replicas.map((r) => [r.name, accepted.filter((a) => a.replica === r.name).length]),
    );
    console.log(
      `500 casts answered in ${seconds.toFixed(1)} s: ${JSON.stringify(tally(answers))}; accepted per replica ${JSON.stringify(perReplica)}`,
    );
    // Never oversold: once launches settle, exactly the budget runs and the link has nothing left.
    await until(
      'no session of the link is still launching',
      async () => {
        const sessions = await admin.sessionsOf(link.id);
        const launching = sessions.filter((s) => LAUNCHING_STATES.includes(s.state)).length;
        if (launching === 0) return true;
        throw new Error(`${launching} of ${sessions.length} still launching`);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const sessions = await admin.sessionsOf(link.id);
    const running = sessions.filter((s) => s.state === 'running');
    const failed = sessions.filter((s) => s.state === 'failed');
    console.log(
      `settled ${((Date.now() - started) / 1000).toFixed(1)} s after the burst began: ${running.length} running, ` +
        `${failed.length} failed${
          failed.length
            ? ` (${failed
                .map((s) => s.failure?.message)
                .slice(0, 3)
                .join('; ')})`
            : ''
        }`,
    );
    expect(running.length, 'sessions running').toBe(BUDGET);
    expect((await admin.link(link.id, c.a)).sessionsRemaining).toBe(0);
    expect((await admin.link(link.id, c.b)).sessionsRemaining).toBe(0);
    const containers = await containersOf(c.installation);
    expect(containers.filter((x) => x.State === 'running')).toHaveLength(BUDGET);
    expect(await inconsistencies(admin, link, BUDGET)).toEqual([]);
    // Every visitor got a coded answer: a session, or "no sessions left" — no 500 under load, and
    // no launch failed (each failure would have handed its unit to a later visitor).
    expect
      .soft(
        failed.map((s) => s.failure),
        'failed launches',
      )
      .toEqual([]);
    expect.soft(tally(answers), 'answers').toEqual({ '201': BUDGET, '409 SESSIONS_EXHAUSTED': 500 - BUDGET });
    expect(new Set(accepted.map((a) => a.body.sessionId)).size).toBe(accepted.length);

    // A spent link refuses on both replicas.
    for (const r of c.replicas) {
      const more = await cast(r, link.key, visitorIp(999, 11));
      expect(more.status).toBe(409);
      expect(more.body.error?.code).toBe('SESSIONS_EXHAUSTED');
    }
    await admin.cleanUp();
  });

  it('a per-IP limit holds across replicas', async () => {
    const LIMIT = 5;
    const link = await admin.createLink({ limitIps: true, ipRequestLimit: LIMIT, ipRequestSeconds: 600 });

    // One visitor, one request at a time, alternating replicas: each replica alone would allow 5.
    const sequential: Answer<CastAnswer>[] = [];
    for (let i = 0; i < 8; i++) sequential.push(await cast(c.replicas[i % 2], link.key, '10.200.0.1'));
    console.log(`sequential, alternating replicas: ${sequential.map((a) => a.status).join(' ')}`);
    expect(sequential.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    for (const refused of sequential.slice(LIMIT)) {
      expect(refused.body.error?.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }

    // Another visitor, all at once on both replicas: still exactly the limit.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => cast(c.replicas[i % 2], link.key, '10.200.0.2')),
    );
    console.log(`burst of 20 from one address: ${JSON.stringify(tally(burst))}`);
    expect(tally(burst)).toEqual({ '201': LIMIT, '429 RATE_LIMITED': 20 - LIMIT });

    // The limit is per address: a third visitor is let in on either replica.
    for (const r of c.replicas)
      expect((await cast(r, link.key, `10.200.1.${r === c.a ? 1 : 2}`)).status).toBe(201);
    await admin.cleanUp();
  });

  it("a session's events reach a viewer on the other replica", async () => {
    const link = await admin.createLink({});
    for (const [from, to] of [
      [c.a, c.b],
      [c.b, c.a],
    ]) {
      const res = await cast(from, link.key, visitorIp(7, from === c.a ? 12 : 13));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const id = res.body.sessionId ?? '';
      // Launched on one replica, watched on the other: the launch's own changes must be relayed…
      const viewer = await EventStream.open(to, id, res.body.token ?? '');
      try {
        const launch = await viewer.waitFor(['running', 'failed'], 30_000);
        expect(launch.at(-1)).toBe('running');
        // …and so must a stop made on the launching replica (deterministic: it comes after).
        expect((await admin.req('DELETE', `/api/admin/sessions/${id}`, undefined, from)).status).toBe(204);
        const all = await viewer.waitFor(['stopped'], 15_000);
        console.log(`launched on ${from.name}, watched on ${to.name}: ${all.join(' → ')}`);
      } finally {
        viewer.close();
      }
    }
    await admin.cleanUp();
  });
});
