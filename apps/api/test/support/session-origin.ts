import type { IncomingMessage } from 'node:http';
import supertest from 'supertest';
import { WebSocket, type ClientOptions } from 'ws';
import type { JoinShareResponse, SessionEntryResponse } from '@caster/contracts';
import type { TestApp } from './test-app';

/**
 * A browser's view of one session's own origin (http://<id>.localhost:<port>): requests go to
 * 127.0.0.1 with that Host, carrying the cookies the session origin set (a tiny cookie jar).
 */
export interface SessionOriginClient {
  sessionId: string;
  /** http://<id>.localhost:<port> */
  origin: string;
  host: string;
  /** `caster_session=…` as the browser would send it (empty before entering). */
  cookie: string;
  /** A request to the session origin; `Origin` is the session's own unless `headers` say otherwise. */
  request: (method: 'get' | 'post' | 'put' | 'delete' | 'head', path: string) => supertest.Test;
  get: (path: string) => supertest.Test;
  /** Opens a WebSocket on the session origin; resolves with the open socket or the refusal status. */
  ws: (
    path: string,
    headers?: Record<string, string>,
  ) => Promise<WebSocket | { status: number; body: string }>;
}

export function sessionOrigin(t: TestApp, sessionId: string, cookie = ''): SessionOriginClient {
  const origin = t.config.sessions.originFor(sessionId);
  const host = new URL(origin).host;
  const client: SessionOriginClient = {
    sessionId,
    origin,
    host,
    cookie,
    request: (method, path) => {
      const req = supertest(t.url)[method](path).set('Host', host).set('Origin', origin);
      return client.cookie ? req.set('Cookie', client.cookie) : req;
    },
    get: (path) => client.request('get', path),
    ws: (path, headers = {}) =>
      openWs(t, host, path, {
        Origin: origin,
        ...(client.cookie ? { Cookie: client.cookie } : {}),
        ...headers,
      }),
  };
  return client;
}

/** Opens the entry link the way the viewer's frame does and keeps the cookie it sets. */
export async function enterWith(t: TestApp, enterUrl: string, next?: string): Promise<SessionOriginClient> {
  const url = new URL(enterUrl);
  const sessionId = url.hostname.split('.')[0];
  const client = sessionOrigin(t, sessionId);
  const path = `${url.pathname}${url.search}${next === undefined ? '' : `&next=${encodeURIComponent(next)}`}`;
  const res = await supertest(t.url)
    .get(path)
    .set('Host', url.host)
    .set('Sec-Fetch-Mode', 'navigate')
    .set('Sec-Fetch-Site', 'cross-site');
  if (res.status !== 303) throw new Error(`enter: ${res.status} ${res.text}`);
  const set = (res.headers['set-cookie'] as unknown as string[] | undefined)?.[0] ?? '';
  client.cookie = set.split(';')[0];
  return client;
}

/** The owner's way in: POST /api/sessions/:id/access, then the entry link. */
export async function enterAsOwner(
  t: TestApp,
  token: string,
  sessionId: string,
): Promise<SessionOriginClient> {
  const res = await t
    .http()
    .post(`/api/sessions/${sessionId}/access`)
    .set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`access: ${res.status} ${JSON.stringify(res.body)}`);
  return enterWith(t, (res.body as SessionEntryResponse).enterUrl);
}

/** A share viewer's way in: POST /api/shares/:shareId/join, then the entry link. */
export async function enterShare(t: TestApp, shareId: string): Promise<SessionOriginClient> {
  const res = await t.http().post(`/api/shares/${shareId}/join`);
  if (res.status !== 200) throw new Error(`join: ${res.status} ${JSON.stringify(res.body)}`);
  return enterWith(t, (res.body as JoinShareResponse).enterUrl);
}

function openWs(
  t: TestApp,
  host: string,
  path: string,
  headers: Record<string, string>,
): Promise<WebSocket | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // An empty value leaves the header out (a client that sends no Origin).
    const sent = Object.fromEntries(Object.entries({ Host: host, ...headers }).filter(([, v]) => v !== ''));
    const options: ClientOptions = { headers: sent };
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}${path}`, options);
    // Messages that arrive in the same packet as the handshake are emitted before the caller's
    // await resumes: keep them, so a test reading "what the server sent first" sees all of it.
    const early: Buffer[] = [];
    const keep = (d: Buffer): number => early.push(d);
    ws.on('message', keep);
    ws.once('open', () => {
      earlyMessages.set(ws, early);
      resolve(ws);
      // After the caller attached its own listeners, stop keeping.
      setImmediate(() => ws.off('message', keep));
    });
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

const earlyMessages = new WeakMap<WebSocket, Buffer[]>();

/** The messages that arrived before the socket was handed to the test (see openWs). */
export function messagesSoFar(ws: WebSocket): Buffer[] {
  return earlyMessages.get(ws) ?? [];
}

/** Resolves when the socket closes (or has already). */
export function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => ws.once('close', () => resolve()));
}
