import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';

/** The engine CI starts (DOCKER_HOST or the local socket) runs the locally built tiny image. */
const docker = new Docker();
const RUN_LABEL = 'org.caster.test-run';
const runId = `smoke-${randomBytes(4).toString('hex')}`;
const IMAGE = 'caster/tiny-app:latest';

async function waitForHttp(url: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return await res.text();
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

describe('Docker engine smoke test', () => {
  afterAll(async () => {
    const leftovers = await docker.listContainers({
      all: true,
      filters: { label: [`${RUN_LABEL}=${runId}`] },
    });
    await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  });

  it('has the locally built tiny image (npm run images)', async () => {
    const image = await docker
      .getImage(IMAGE)
      .inspect()
      .catch(() => null);
    expect(image, `${IMAGE} is missing: run \`npm run images\``).not.toBeNull();
  });

  it('runs a labelled container, reaches it on a 127.0.0.1 port, and removes it', async () => {
    const container = await docker.createContainer({
      Image: IMAGE,
      Env: ['KASM_URL=https://example.org/smoke'],
      Labels: { [RUN_LABEL]: runId },
      ExposedPorts: { '6901/tcp': {} },
      HostConfig: {
        PortBindings: { '6901/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
        Memory: 64 * 1024 * 1024,
      },
    });
    await container.start();
    const info = await container.inspect();
    expect(info.Config.Labels[RUN_LABEL]).toBe(runId);
    expect(info.HostConfig.Memory).toBe(64 * 1024 * 1024);
    const port = info.NetworkSettings.Ports['6901/tcp']?.[0]?.HostPort;
    expect(port).toMatch(/^\d+$/);

    const page = await waitForHttp(`http://127.0.0.1:${port}/`, 10_000);
    expect(page).toContain('https://example.org/smoke');

    await container.remove({ force: true });
    const remaining = await docker.listContainers({
      all: true,
      filters: { label: [`${RUN_LABEL}=${runId}`] },
    });
    expect(remaining).toEqual([]);
  });
});
