// The Docker engine stops while sessions are being launched.
//
// SIMULATED: the replicas reach the engine through a forwarder in this test process (see
// DockerEndpoint in support/cluster.ts). Stopping it closes the listener and destroys every open
// connection, which is what the API sees when dockerd stops: requests in flight fail with
// ECONNRESET, new ones with ECONNREFUSED. The machine's dockerd keeps running (others use it), so
// a request that reached it before the cut may still leave a container behind — as it can with a
// real engine that stops after creating one — and the API has to clean that up once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Admin,
  call,
  cast,
  inconsistencies,
  tally,
  untilConsistent,
  untilRunning,
  visitorIp,
  LAUNCHING_STATES,
  type Answer,
  type CastAnswer,
} from './support/caster';
import { containersOf, startCluster, type Cluster } from './support/cluster';
import { until } from './support/poll';

/** How a launch that cannot reach the engine may be refused or end: always with a code. */
const ENGINE_FAILURE_CODES = ['PROVISION_FAILED', 'ENGINE_UNAVAILABLE', 'NO_CAPACITY'];

describe('the Docker engine stopped during launches', () => {
  let c: Cluster;
  let admin: Admin;

  beforeAll(async () => {
    c = await startCluster('engine-stop');
    admin = await Admin.create(c);
  });
  afterAll(async () => {
    await c?.docker.start();
    await c?.stop();
  });

  it('coded errors, budget units given back, nothing half-made once the engine is back', async () => {
    const BUDGET = 40;
    const link = await admin.createLink({ limitSessions: true, sessionsRemaining: BUDGET });

    // 24 visitors at once on both replicas; the engine is cut as their containers start appearing.
    const burst = Promise.all(
      Array.from({ length: 24 }, (_, i) => cast(c.replicas[i % 2], link.key, visitorIp(i + 1))),
    );
    const seenAtCut = await until(
      'the engine is creating the first containers',
      async () => {
        const n = (await containersOf(c.installation)).length;
        return n >= 3 ? n : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    await c.docker.stop();
    const before: Answer<CastAnswer>[] = await burst;
    const states = (await admin.sessionsOf(link.id)).map((s) => s.state);
    console.log(
      `engine cut with ${seenAtCut} container(s) made; answers ${JSON.stringify(tally(before))}; ` +
        `sessions then: ${JSON.stringify(countBy(states))}`,
    );

    // While the engine is down: the API stays healthy and more visitors get coded answers.
    for (const r of c.replicas) expect((await call(r, 'GET', '/api/health')).status).toBe(200);
    const during = await Promise.all(
      Array.from({ length: 6 }, (_, i) => cast(c.replicas[i % 2], link.key, visitorIp(i + 1, 11))),
    );
    console.log(`casts while the engine is down: ${JSON.stringify(tally(during))}`);
    for (const a of [...before, ...during]) {
      if (a.status === 201) continue;
      expect(a.status, JSON.stringify(a.body)).toBeGreaterThanOrEqual(500);
      expect(ENGINE_FAILURE_CODES, JSON.stringify(a.body)).toContain(a.body.error?.code);
    }

    // Every launch settles without the engine: running (it was ready) or failed with a code.
    await until(
      'no session of the link is still launching',
      async () => {
        const launching = await admin.sessionsOf(link.id, LAUNCHING_STATES);
        if (launching.length === 0) return true;
        throw new Error(`${launching.length} still ${[...new Set(launching.map((s) => s.state))].join('/')}`);
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const failed = await admin.sessionsOf(link.id, ['failed']);
    const running = await admin.sessionsOf(link.id, ['running']);
    console.log(
      `settled with the engine down: ${running.length} running, ${failed.length} failed ` +
        `(${JSON.stringify(countBy(failed.map((s) => `${s.failure?.code}: ${s.failure?.message.split(':')[0]}`)))})`,
    );
    expect(failed.length + during.filter((a) => a.status !== 201).length).toBeGreaterThan(0);
    for (const s of failed)
      expect(ENGINE_FAILURE_CODES, JSON.stringify(s.failure)).toContain(s.failure?.code);
    // Budget units of failed launches are back: used units = sessions that run.
    const remaining = (await admin.link(link.id)).sessionsRemaining ?? 0;
    expect(BUDGET - remaining, `remaining ${remaining}, running ${running.length}`).toBe(running.length);

    // The engine comes back: what was half-made is removed, sessions and containers agree.
    await c.docker.start();
    await untilConsistent(admin, link, BUDGET, 60_000).catch(async (e: unknown) => {
      console.log(`still inconsistent: ${(await inconsistencies(admin, link, BUDGET)).join('; ')}`);
      throw e;
    });

    // And launches work again on both replicas without restarting anything.
    for (const [i, r] of c.replicas.entries()) {
      const res = await cast(r, link.key, visitorIp(i + 1, 12));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await untilRunning(admin, res.body.sessionId ?? '');
    }
    await admin.cleanUp();
  });
});

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
