import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import type { LoginResponse, SessionView } from '@caster/contracts';
import { ADMIN_PASSWORD, type RunningServer } from './server';

const run = promisify(execFile);

/** The API labels each session's container with its id; clean-up selects by that label only. */
export const SESSION_LABEL = 'org.caster.session-id';
/** Images and containers a journey makes itself carry this label (clean-up selects by it). */
export const TEST_LABEL = 'org.caster.e2e';

export const docker = new Docker();

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The REST API as an integrator calls it, with a bearer token. */
export function apiClient(server: RunningServer) {
  const call = async <T>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T };
  };

  const login = async (username: string, password: string): Promise<string> => {
    const res = await call<LoginResponse>('', 'POST', '/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  };

  const adminToken = () => login('admin', ADMIN_PASSWORD);

  /** Merges settings into the All Users group (Kasm's setting names). */
  const allUsersSettings = async (admin: string, settings: Record<string, unknown>): Promise<void> => {
    const groups = await call<{
      items: { id: string; system: boolean; settings: Record<string, unknown> }[];
    }>(admin, 'GET', '/api/admin/groups?pageSize=100');
    const all = groups.body.items.find((g) => g.system);
    if (!all) throw new Error('no system group');
    const res = await call(admin, 'PATCH', `/api/admin/groups/${all.id}`, {
      settings: { ...all.settings, ...settings },
    });
    if (res.status !== 200) throw new Error(`group: ${res.status} ${JSON.stringify(res.body)}`);
  };

  const createWorkspace = async (admin: string, name: string, image: string): Promise<string> => {
    const res = await call<{ id: string }>(admin, 'POST', '/api/admin/workspaces', {
      name,
      type: 'container',
      image,
      cores: 0.5,
      memoryMb: 512,
    });
    if (res.status !== 201) throw new Error(`workspace: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  const createUser = async (admin: string, username: string, password: string): Promise<string> => {
    const res = await call<{ id: string }>(admin, 'POST', '/api/admin/users', {
      username,
      password,
      role: 'user',
    });
    if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  const usernames = async (admin: string): Promise<string[]> => {
    const res = await call<{ items: { username: string }[] }>(admin, 'GET', '/api/admin/users?pageSize=100');
    return res.body.items.map((u) => u.username).sort();
  };

  /** Launches a session as `token` and waits until it runs. */
  const launch = async (token: string, workspaceId: string, timeoutMs = 60_000): Promise<SessionView> => {
    const res = await call<SessionView>(token, 'POST', '/api/sessions', { workspaceId });
    if (res.status !== 201) throw new Error(`launch: ${res.status} ${JSON.stringify(res.body)}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await call<SessionView>(token, 'GET', `/api/sessions/${res.body.id}`);
      if (s.body.state === 'running') return s.body;
      if (s.body.state === 'failed' || Date.now() > deadline)
        throw new Error(`session ${res.body.id}: ${JSON.stringify(s.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const share = async (token: string, sessionId: string): Promise<string> => {
    const res = await call<{ shareId: string }>(token, 'POST', `/api/sessions/${sessionId}/share`);
    if (res.status !== 201) throw new Error(`share: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.shareId;
  };

  return { call, login, adminToken, allUsersSettings, createWorkspace, createUser, usernames, launch, share };
}

export async function containersOf(sessionId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`] } });
}

/** Removes the containers of these sessions (by their label only). */
export async function removeSessionContainers(sessionIds: Iterable<string>): Promise<void> {
  for (const id of sessionIds) {
    for (const c of await containersOf(id).catch(() => []))
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
  }
}

/** Runs a command inside a session's container (as its user) and answers its output. */
export async function execIn(sessionId: string, cmd: string[], detach = false): Promise<string> {
  const [c] = await containersOf(sessionId);
  if (!c) throw new Error(`no container for session ${sessionId}`);
  const args = ['exec', ...(detach ? ['-d'] : []), '-e', 'DISPLAY=:1', c.Id, ...cmd];
  const { stdout } = await run('docker', args, { timeout: 20_000 });
  return stdout;
}

/** Builds an image from the given files (a temp context), labelled as this test's, under `tag`. */
export async function buildImage(tag: string, files: Record<string, string>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'caster-e2e-image-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    await run('docker', ['build', '-q', '--label', `${TEST_LABEL}=1`, '-t', tag, dir], { timeout: 120_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
