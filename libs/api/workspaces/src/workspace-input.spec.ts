import { describe, expect, it } from 'vitest';
import { applyWorkspaceInput } from './workspace-input';

const ROOTS = ['/srv/volumes'];

describe('applyWorkspaceInput', () => {
  it('creates a container workspace with the documented defaults', () => {
    const { draft, problems } = applyWorkspaceInput(
      null,
      { name: 'Firefox', type: 'container', image: 'kasmweb/firefox:1.16.0' },
      ROOTS,
    );
    expect(problems).toEqual({});
    expect(draft).toMatchObject({
      name: 'Firefox',
      enabled: true,
      cores: 1,
      memoryMb: 2048,
      env: {},
      runConfig: {},
      allowNetworkSelection: false,
      allowedNetworks: [],
      server: null,
      poolServerIds: null,
      url: null,
    });
  });

  it("requires each type's own fields", () => {
    expect(applyWorkspaceInput(null, { name: 'c', type: 'container' }, ROOTS).problems).toEqual({
      image: expect.any(String),
    });
    expect(applyWorkspaceInput(null, { name: 's', type: 'server' }, ROOTS).problems).toEqual({
      'server.host': expect.any(String),
      'server.protocol': expect.any(String),
    });
    expect(applyWorkspaceInput(null, { name: 'p', type: 'pool' }, ROOTS).problems).toEqual({
      poolServerIds: expect.any(String),
    });
    expect(applyWorkspaceInput(null, { name: 'l', type: 'link', url: 'ftp://x' }, ROOTS).problems).toEqual({
      url: 'must be an http(s) URL',
    });
  });

  it('refuses fields of another type that carry a value, ignores empty ones', () => {
    const { problems, draft } = applyWorkspaceInput(
      null,
      {
        name: 'l',
        type: 'link',
        url: 'https://example.org',
        image: 'ubuntu',
        server: { host: 'x' },
        env: {},
        allowedNetworks: [],
        allowNetworkSelection: false,
        poolServerIds: null,
      },
      ROOTS,
    );
    expect(problems).toEqual({ image: 'not used by link workspaces', server: 'not used by link workspaces' });
    expect(draft.env).toBeNull();
  });

  it('defaults the server port by protocol and keeps the password unless told otherwise', () => {
    const created = applyWorkspaceInput(
      null,
      { name: 's', type: 'server', server: { host: 'rdp.local', protocol: 'rdp', password: 'pw' } },
      ROOTS,
    ).draft;
    expect(created.server).toMatchObject({ port: 3389, password: 'pw', username: null });
    const renamed = applyWorkspaceInput(created, { server: { username: 'bob' } }, ROOTS).draft;
    expect(renamed.server).toMatchObject({ host: 'rdp.local', username: 'bob', password: 'pw' });
    expect(
      applyWorkspaceInput(created, { server: { password: null } }, ROOTS).draft.server?.password,
    ).toBeNull();
  });

  it("clears the old type's fields when the type changes", () => {
    const container = applyWorkspaceInput(
      null,
      { name: 'c', type: 'container', image: 'ubuntu', sessionTimeLimitSec: 600 },
      ROOTS,
    ).draft;
    const { draft, problems } = applyWorkspaceInput(
      container,
      { type: 'link', url: 'https://example.org/app' },
      ROOTS,
    );
    expect(problems).toEqual({});
    expect(draft).toMatchObject({
      type: 'link',
      name: 'c',
      image: null,
      cores: null,
      env: null,
      sessionTimeLimitSec: null,
    });
    const server = applyWorkspaceInput(
      container,
      { type: 'server', server: { host: '10.0.0.2', protocol: 'vnc' } },
      ROOTS,
    ).draft;
    expect(server.sessionTimeLimitSec).toBe(600);
    expect(server.server?.port).toBe(5900);
  });

  it('validates container options with field paths', () => {
    const { problems } = applyWorkspaceInput(
      null,
      {
        name: 'c',
        type: 'container',
        image: 'Not/Valid',
        env: { bad_key: 'x' },
        runConfig: { privileged: true },
        execConfig: { go: { cmd: 'x', privileged: true } },
        allowedNetworks: ['host'],
        persistentProfilePath: '/etc/{username}',
      },
      ROOTS,
    );
    expect(Object.keys(problems).sort()).toEqual(
      [
        'image',
        'env.bad_key',
        'runConfig.privileged',
        'execConfig.go.privileged',
        'allowedNetworks[0]',
        'persistentProfilePath',
      ].sort(),
    );
  });
});
