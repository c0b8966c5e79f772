// The HTTP API as a visitor and an admin use it; nothing here reaches into the API's code.
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, containersOf, type Cluster, type Replica } from './cluster';
import { GiveUp, inBatches, until } from './poll';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

export interface CastAnswer extends ErrorBody {
  sessionId?: string;
  token?: string;
  resumed?: boolean;
}

export interface AdminSession {
  id: string;
  state: string;
  castConfigId: string | null;
  containerId: string | null;
  startedAt: string | null;
  failure?: { code: string; message: string } | null;
}

export interface CastLink {
  id: string;
  key: string;
  sessionsRemaining: number | null;
}

export const LIVE_STATES = ['provisioning', 'starting', 'running', 'stopping', 'staged'];
export const LAUNCHING_STATES = ['provisioning', 'starting'];
const ALL_STATES = [...LIVE_STATES, 'stopped', 'failed'];

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A distinct visitor address for request `i` (X-Forwarded-For, believed from 127.0.0.1). */
export const visitorIp = (i: number, net = 10): string =>
  `${net}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

export async function call<T = unknown>(
  replica: Replica | string,
  method: string,
  path: string,
  { token, body, ip }: { token?: string; body?: unknown; ip?: string } = {},
): Promise<Answer<T>> {
  const base = typeof replica === 'string' ? replica : replica.url;
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(ip ? { 'x-forwarded-for': ip } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Signs in as admin and creates the tiny-image workspace every scenario casts. */
export class Admin {
  private constructor(
    readonly cluster: Cluster,
    readonly token: string,
    readonly workspaceId: string,
  ) {}

  static async create(cluster: Cluster): Promise<Admin> {
    const login = await call<{ token: string }>(cluster.a, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    if (login.status !== 200 && login.status !== 201)
      throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    const token = login.body.token;
    const ws = await call<{ id: string }>(cluster.a, 'POST', '/api/admin/workspaces', {
      token,
      body: {
        name: uniqueName('tiny'),
        type: 'container',
        image: 'caster/tiny-app:latest',
        cores: 0.5,
        memoryMb: 128,
      },
    });
    if (ws.status !== 201) throw new Error(`workspace: ${ws.status} ${JSON.stringify(ws.body)}`);
    return new Admin(cluster, token, ws.body.id);
  }

  async req<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    replica?: Replica,
  ): Promise<Answer<T>> {
    const target = replica ?? this.cluster.replicas.find((r) => r.alive) ?? this.cluster.a;
    return call<T>(target, method, path, { token: this.token, body });
  }

  async createLink(fields: Record<string, unknown>): Promise<CastLink> {
    const res = await this.req<CastLink>('POST', '/api/admin/casting', {
      name: uniqueName('fault'),
      workspaceId: this.workspaceId,
      allowAnonymous: true,
      ...fields,
    });
    if (res.status !== 201) throw new Error(`casting link: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async link(id: string, replica?: Replica): Promise<CastLink> {
    const res = await this.req<CastLink>('GET', `/api/admin/casting/${id}`, undefined, replica);
    if (res.status !== 200) throw new Error(`casting link ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Every session in the given states (all states by default), newest first. */
  async sessions(states: string[] = ALL_STATES): Promise<AdminSession[]> {
    // One list per state; a session that moves on between two of them is kept once, as last seen.
    const byId = new Map<string, AdminSession>();
    for (const state of states) {
      for (let page = 1; ; page++) {
        const res = await this.req<{ items: AdminSession[]; total: number }>(
          'GET',
          `/api/admin/sessions?state=${state}&pageSize=200&page=${page}`,
        );
        if (res.status !== 200) throw new Error(`sessions: ${res.status} ${JSON.stringify(res.body)}`);
        for (const item of res.body.items) byId.set(item.id, item);
        if (res.body.items.length < 200) break;
      }
    }
    return [...byId.values()];
  }

  async sessionsOf(linkId: string, states?: string[]): Promise<AdminSession[]> {
    return (await this.sessions(states)).filter((s) => s.castConfigId === linkId);
  }

  /** Stops every live session through the admin API, then waits until their containers are gone. */
  async cleanUp(): Promise<void> {
    const live = await this.sessions(['provisioning', 'starting', 'running', 'staged']);
    await inBatches(live, 8, async (s) => {
      await this.req('DELETE', `/api/admin/sessions/${s.id}`);
    });
    await until(
      'no live session and no container is left',
      async () => {
        const left = await this.sessions(LIVE_STATES);
        const containers = await containersOf(this.cluster.installation);
        if (left.length === 0 && containers.length === 0) return true;
        // A session that became live after the first pass (a launch finishing late) is stopped too.
        for (const s of left.filter((x) => x.state !== 'stopping'))
          await this.req('DELETE', `/api/admin/sessions/${s.id}`);
        throw new Error(`${left.length} live session(s), ${containers.length} container(s)`);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }
}

/** Waits until the session runs; gives up at once when it fails. */
export async function untilRunning(admin: Admin, sessionId: string, timeoutMs = 60_000): Promise<void> {
  await until(
    `session ${sessionId} runs`,
    async () => {
      const res = await admin.req<AdminSession>('GET', `/api/admin/sessions/${sessionId}`);
      if (res.body.state === 'failed')
        throw new GiveUp(`session ${sessionId} failed: ${JSON.stringify(res.body.failure)}`);
      if (res.body.state === 'running') return true;
      throw new Error(`it is ${res.body.state ?? JSON.stringify(res.body)}`);
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/** An anonymous visitor's cast: no cookies, its own address. */
export function cast(replica: Replica, key: string, ip: string): Promise<Answer<CastAnswer>> {
  return call<CastAnswer>(replica, 'POST', `/api/cast/${key}`, { body: {}, ip });
}

/** A viewer's server-sent event stream of one session on one replica; records every state. */
export class EventStream {
  readonly states: string[] = [];
  private readonly abort = new AbortController();
  private ended: string | null = null;
  private waiters: (() => void)[] = [];

  private constructor() {}

  static async open(replica: Replica, sessionId: string, token: string): Promise<EventStream> {
    const stream = new EventStream();
    const res = await fetch(`${replica.url}/api/sessions/${sessionId}/events`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: stream.abort.signal,
    });
    if (!res.ok || !res.body) throw new Error(`events on ${replica.name}: HTTP ${res.status}`);
    void stream.read(res.body.getReader());
    return stream;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('');
          buffer = buffer.slice(end + 2);
          if (data) this.states.push((JSON.parse(data) as { state: string }).state);
          this.wake();
        }
      }
      this.ended = 'the stream ended';
    } catch (e) {
      this.ended = `the stream failed: ${String(e)}`;
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until one of `states` has been seen; answers every state seen so far. */
  async waitFor(states: string[], timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.states.some((s) => states.includes(s))) return [...this.states];
      if (this.ended)
        throw new Error(
          `${this.ended} before ${states.join('/')}; saw ${this.states.join(' → ') || 'nothing'}`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no ${states.join('/')} event within ${timeoutMs} ms; saw ${this.states.join(' → ') || 'nothing'}`,
        );
      await new Promise<void>((ok) => {
        const t = setTimeout(ok, left);
        this.waiters.push(() => {
          clearTimeout(t);
          ok();
        });
      });
    }
  }

  close(): void {
    this.abort.abort();
  }
}

/** Tallies answers by "status CODE", e.g. { "201": 50, "409 SESSIONS_EXHAUSTED": 450 }. */
export function tally(answers: Answer<CastAnswer>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    const k = a.status === 201 ? '201' : `${a.status} ${a.body?.error?.code ?? '(no code)'}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/**
 * What must hold once launches have settled: every container of the installation belongs to a
 * running (or staged) session and every running session has its container; no session is stuck
 * launching; the link's used budget equals its running sessions. Answers the problems found.
 */
export async function inconsistencies(
  admin: Admin,
  link: CastLink,
  budget: number | null,
): Promise<string[]> {
  const problems: string[] = [];
  const sessions = await admin.sessionsOf(link.id);
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const containers = await containersOf(admin.cluster.installation);
  const withContainer = new Set<string>();
  for (const c of containers) {
    const id = c.Labels['org.caster.session-id'];
    const s = byId.get(id);
    withContainer.add(id);
    if (!s || !['running', 'staged'].includes(s.state))
      problems.push(
        `container ${c.Id.slice(0, 12)} (${c.State}) for session ${id} in state ${s?.state ?? '(unknown)'}`,
      );
    else if (c.State !== 'running') problems.push(`container of running session ${id} is ${c.State}`);
  }
  const running = sessions.filter((s) => s.state === 'running');
  for (const s of running)
    if (!withContainer.has(s.id)) problems.push(`running session ${s.id} has no container`);
  const stuck = sessions.filter((s) => [...LAUNCHING_STATES, 'stopping'].includes(s.state));
  if (stuck.length)
    problems.push(`${stuck.length} session(s) stuck in ${[...new Set(stuck.map((s) => s.state))].join('/')}`);
  const remaining = (await admin.link(link.id)).sessionsRemaining ?? 0;
  if (budget !== null && budget - remaining !== running.length)
    problems.push(
      `budget: ${budget - remaining} unit(s) used (remaining ${remaining} of ${budget}) but ${running.length} session(s) running`,
    );
  return problems;
}

/** Waits until `inconsistencies` finds nothing; fails with the last problems seen. */
export async function untilConsistent(
  admin: Admin,
  link: CastLink,
  budget: number | null,
  timeoutMs = 40_000,
): Promise<void> {
  await until(
    'containers, sessions and budget agree',
    async () => {
      const problems = await inconsistencies(admin, link, budget);
      if (problems.length === 0) return true;
      throw new Error(
        problems.slice(0, 8).join('; ') + (problems.length > 8 ? ` (+${problems.length - 8} more)` : ''),
      );
    },
    { timeoutMs, intervalMs: 500 },
  );
}
