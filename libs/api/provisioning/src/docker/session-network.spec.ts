import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { fenceEgress } from './session-network';

/** Records the helper container the API would run; it "exits 0" at once with no output. */
function fakeEngine() {
  const made: { Cmd?: string[]; HostConfig?: Docker.HostConfig }[] = [];
  const docker = {
    createContainer: (options: { Cmd?: string[]; HostConfig?: Docker.HostConfig }) => {
      made.push(options);
      return Promise.resolve({
        start: () => Promise.resolve(),
        wait: () => Promise.resolve({ StatusCode: 0 }),
        logs: () => Promise.resolve(Buffer.alloc(0)),
        remove: () => Promise.resolve(),
      });
    },
  } as unknown as Docker;
  return { docker, made };
}

describe('fenceEgress', () => {
  it("runs the helper in the session's own network namespace, with only NET_ADMIN and NET_RAW", async () => {
    const { docker, made } = fakeEngine();
    await fenceEgress(docker, 'abc123', { host: '203.0.113.9', port: 3389 });
    expect(made).toHaveLength(1);
    expect(made[0].Cmd).toEqual(['fence', '3389', '203.0.113.9']);
    expect(made[0].HostConfig).toMatchObject({
      NetworkMode: 'container:abc123',
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN', 'NET_RAW'],
    });
  });

  it('resolves a name to its IPv4 addresses and leaves DNS open for the session to resolve it too', async () => {
    const { docker, made } = fakeEngine();
    await fenceEgress(docker, 'abc123', { host: 'localhost', port: 3390 });
    expect(made[0].Cmd?.slice(0, 3)).toEqual(['fence', '--dns', '3390']);
    expect(made[0].Cmd).toContain('127.0.0.1');
  });

  it('fails, running nothing, for a name that does not resolve', async () => {
    const { docker, made } = fakeEngine();
    await expect(
      fenceEgress(docker, 'abc123', { host: 'no-such-host.invalid', port: 3389 }),
    ).rejects.toThrow();
    expect(made).toHaveLength(0);
  });
});
