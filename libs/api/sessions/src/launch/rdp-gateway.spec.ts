import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AppError } from '@caster/api/core';
import type { ServerForLaunch, WorkspaceForLaunch } from '../ports';
import type { SessionsRepository } from '../state/sessions.repository';
import { RDP_PASSWORD_FILE, assertStreamable, connectionOf, gatewayLaunch, pickServer } from './rdp-gateway';

const server = (id: string, over: Partial<ServerForLaunch> = {}): ServerForLaunch => ({
  id,
  name: `srv-${id}`,
  enabled: true,
  host: `${id}.example.net`,
  port: 3389,
  protocol: 'rdp',
  username: 'svc',
  domain: null,
  password: 'pw',
  ignoreCertificate: false,
  ...over,
});

function pool(servers: ServerForLaunch[], per = 1): WorkspaceForLaunch {
  return { id: 'p1', type: 'pool', servers, poolSessionsPerServer: per } as unknown as WorkspaceForLaunch;
}

function fakes(load: Record<string, number>) {
  const queries: string[] = [];
  const em = {
    query: (sql: string) => Promise.resolve(void queries.push(sql)),
  } as unknown as EntityManager;
  const rows = {
    activePerServer: (ids: readonly string[]) =>
      Promise.resolve(new Map(ids.filter((id) => id in load).map((id) => [id, load[id]]))),
  } as unknown as SessionsRepository;
  return { em, rows, queries };
}

describe('pickServer', () => {
  it('takes the least-loaded member under the per-server limit, under the pool lock', async () => {
    const { em, rows, queries } = fakes({ a: 1, b: 0, c: 2 });
    const picked = await pickServer(em, rows, pool([server('a'), server('b'), server('c')], 2));
    expect(picked.id).toBe('b');
    expect(queries[0]).toMatch(/pg_advisory_xact_lock/);
  });

  it('refuses with NO_CAPACITY when every member is at its limit', async () => {
    const { em, rows } = fakes({ a: 1, b: 1 });
    await expect(pickServer(em, rows, pool([server('a'), server('b')]))).rejects.toMatchObject({
      code: 'NO_CAPACITY',
    });
  });

  it("gives a server workspace's own server whatever runs on it", async () => {
    const { em, rows, queries } = fakes({ a: 50 });
    const w = { id: 's', type: 'server', servers: [server('a')], poolSessionsPerServer: null };
    expect((await pickServer(em, rows, w as unknown as WorkspaceForLaunch)).id).toBe('a');
    expect(queries).toEqual([]);
  });
});

describe('assertStreamable', () => {
  it('refuses a workspace without servers and one that is not RDP, with codes', () => {
    expect(() => assertStreamable(pool([]))).toThrow(AppError);
    expect(() => assertStreamable(pool([]))).toThrow(/no enabled server/);
    try {
      assertStreamable(pool([server('a'), server('v', { protocol: 'vnc' })]));
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('SERVER_PROTOCOL_UNSUPPORTED');
    }
    expect(() => assertStreamable(pool([server('a')]))).not.toThrow();
  });
});

describe('gatewayLaunch', () => {
  const connection = connectionOf(server('a', { domain: 'CORP' }), {
    name: '||excel',
    args: '"C:\\x y.xlsx"',
  });

  it('maps the connection and RemoteApp onto the image environment, the password only to a file', () => {
    const { env, files } = gatewayLaunch(connection, server('a', { password: 'p@ss "word"' }), {
      fixedResolution: true,
    });
    expect(env).toEqual({
      CASTER_RDP_HOST: 'a.example.net',
      CASTER_RDP_PORT: '3389',
      CASTER_RDP_USERNAME: 'svc',
      CASTER_RDP_DOMAIN: 'CORP',
      CASTER_RDP_IGNORE_CERT: '0',
      CASTER_RDP_DYNAMIC_RESOLUTION: '0',
      CASTER_RDP_APP: '||excel',
      CASTER_RDP_APP_CMD: '"C:\\x y.xlsx"',
    });
    expect(JSON.stringify(env)).not.toContain('p@ss');
    expect(files).toEqual([
      { path: RDP_PASSWORD_FILE, content: Buffer.from('p@ss "word"\n'), mode: 0o400, uid: 1000 },
    ]);
  });

  it('writes no file without a stored password, and follows the flags', () => {
    const { env, files } = gatewayLaunch(
      connectionOf(server('a', { username: null }), null),
      server('a', { password: null, ignoreCertificate: true }),
      { fixedResolution: false },
    );
    expect(files).toEqual([]);
    expect(env['CASTER_RDP_IGNORE_CERT']).toBe('1');
    expect(env['CASTER_RDP_DYNAMIC_RESOLUTION']).toBe('1');
    expect(env).not.toHaveProperty('CASTER_RDP_USERNAME');
    expect(env).not.toHaveProperty('CASTER_RDP_APP');
  });
});
