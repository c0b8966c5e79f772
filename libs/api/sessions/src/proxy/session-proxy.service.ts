import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { WebSocket, WebSocketServer } from 'ws';
import type { ErrorCode } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { ClusterNotifications } from '@caster/api/database';
import { GrantRevocations } from '../access/grant-revocations';
import {
  ENTER_PATH,
  SESSION_COOKIE,
  SessionAccessService,
  grantTokenHash,
  sessionCookieToken,
  type ProxyAccess,
} from '../access/session-access.service';
import { SessionEvents } from '../state/session-events';
import type { Session } from '../state/sessions.repository';
import { UserSettingsLookup } from '../ports';
import { GrantCache } from './grant-cache';
import { IDLE_CLOSE_CODE, IDLE_CLOSE_REASON, IdleWatch, type WatchedConnection } from './idle-watch';
import { relayMedia } from './media-relay';
import { mediaRefusal, mediaStreamOf, upstreamUrl } from './media-streams';
import { OpenViewers } from './open-viewers';
import { relay, type RfbPolicy } from './rfb-relay';
import {
  cacheStaticAsset,
  checkOrigin,
  proxyAuthorization,
  safeNext,
  scrubRequestHeaders,
  scrubResponseHeaders,
} from './session-request';

/** The dashboard's old session paths: they only point to the session's own origin now. */
const OLD_PATH =
  /^\/session\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/[^?]*)?(\?.*)?$/i;

type ProxiedRequest = IncomingMessage & {
  casterTarget?: string;
  /** The subprotocol the session's WebSocket chose, answered to the viewer. */
  casterProtocol?: string;
};

/** Set by the WebSocket client for the upstream handshake itself, never copied from the viewer's. */
const HANDSHAKE_HEADERS = new Set([
  'host',
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
  'content-length',
  'transfer-encoding',
]);

/** An RFC 7230 token, what a WebSocket subprotocol must be. */
const SUBPROTOCOL = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;

/** A viewer's WebSocket message larger than this is refused by ws before the relay sees it. */
const MAX_CLIENT_FRAME = 4 * 1024 * 1024;
/**
 * The largest WebSocket message a session container may send through the proxy. websockify sends
 * what one read of the RFB socket returns (64 KiB at most); 16 MiB leaves an app's own WebSocket
 * room for a large message. A larger one closes the connection (1009).
 */
const MAX_UPSTREAM_FRAME = 16 * 1024 * 1024;

/**
 * How long the proxy trusts a grant it looked up without asking the database again. Revocations
 * and session stops evict at once on every replica (NOTIFY); this only bounds what a missed
 * message (a listener connection dying unnoticed) could let through.
 */
export const GRANT_CACHE_TTL_MS = 5_000;

/** What an authorised WebSocket carries to the relay: who it is, and what they may do. */
export interface AuthorisedViewer {
  session: ProxyAccess['session'];
  viewOnly: boolean;
  grantId: string;
  userId: string | null;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  502: 'Bad Gateway',
};

/**
 * Session content, on each session's own origin (SESSIONS_URL, e.g. http://<id>.localhost:3000).
 * A request whose Host is a session host goes to that session's container, every path, HTTP and
 * WebSocket, and never to the API or the SPA; any other Host is the dashboard, where /session/<id>/
 * only redirects. The session origin admits only its own `caster_session` cookie (set by
 * /.caster/enter from a single-use code), strips the dashboard's credentials from what it forwards
 * and the container's attempts at cross-origin state from what it returns.
 */
@Injectable()
export class SessionProxyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SessionProxy');
  private readonly proxy: RequestHandler<IncomingMessage, ServerResponse>;
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_FRAME,
    handleProtocols: (_offered, req) => (req as ProxiedRequest).casterProtocol || false,
  });
  private readonly frameAncestors: string;
  /**
   * Connections to the containers, kept open between requests (http-proxy opens and closes one per
   * request without an agent: with websockify each new connection costs a fork, ~100 ms). Pooled by
   * host:port, so a connection only ever carries requests to the one session container it was
   * opened to; idle ones close after a few seconds.
   */
  private readonly upstreamAgent = new Agent({
    keepAlive: true,
    maxSockets: 32,
    maxFreeSockets: 8,
    timeout: 4_000,
    scheduling: 'lifo',
  });
  /** Grant lookups of the last few seconds, evicted on every replica by revocations and stops. */
  readonly grants: GrantCache<ProxyAccess>;
  /** The owner's last input per session (idle disconnect). */
  readonly idle = new IdleWatch();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly access: SessionAccessService,
    private readonly viewers: OpenViewers,
    private readonly revocations: GrantRevocations,
    events: SessionEvents,
    private readonly cluster: ClusterNotifications,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    private readonly settings: UserSettingsLookup,
  ) {
    this.grants = new GrantCache<ProxyAccess>({
      ttlMs: GRANT_CACHE_TTL_MS,
      // With PostgreSQL, other replicas' revocations arrive only while the listener is up; with
      // PGlite there are no other replicas and every event is in-process.
      trusted: () => !config.databaseUrl || cluster.listening,
      // Any state change of a cached session evicts it (leaving `running` above all).
      watchSession: (sessionId, evict) => events.subscribe(sessionId, evict),
      keep: (access) => access.session.state === 'running',
    });
    this.frameAncestors = config.sessions.dashboardOrigins.join(' ');
    this.proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
      router: (req) => (req as ProxiedRequest).casterTarget ?? 'http://127.0.0.1:9',
      changeOrigin: true,
      agent: this.upstreamAgent,
      ws: false,
      xfwd: false,
      on: {
        proxyRes: (proxyRes, req) => {
          scrubResponseHeaders(proxyRes.headers, this.frameAncestors);
          const path = (req.url ?? '/').split('?')[0];
          cacheStaticAsset(req.method, path, proxyRes.statusCode, proxyRes.headers);
        },
        error: (err, _req, res) => {
          this.logger.warn(`proxy error: ${err.message}`);
          if ('writeHead' in res && !res.headersSent) {
            this.fail(res, 502, 'SERVICE_UNAVAILABLE', 'The session is not answering');
          } else if ('destroy' in res) {
            res.destroy();
          }
        },
      },
    });
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.revocations.onRevoked((r) => {
        if ('userId' in r) this.grants.evictUser(r.userId);
        else this.grants.evictSession(r.sessionId);
      }),
      // Messages sent while the listener was down were missed: forget everything.
      this.cluster.onReconnect(() => this.grants.clear()),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.grants.clear();
    this.upstreamAgent.destroy();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  /** Express middleware, mounted first so request bodies stream through untouched. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    const sessionId = this.config.sessions.sessionIdFromHost(req.headers.host);
    if (sessionId) {
      (req as IncomingMessage & { sessionOrigin?: boolean }).sessionOrigin = true;
      this.serve(sessionId, req, res).catch((e: unknown) => {
        this.logger.warn(`session request failed: ${String(e)}`);
        if (!res.headersSent) this.fail(res, 503, 'SERVICE_UNAVAILABLE', 'The session cannot be reached');
        else res.destroy();
      });
      return;
    }
    const old = OLD_PATH.exec(req.url ?? '');
    if (old) return this.movedAway(old[1].toLowerCase(), old[2] ?? '/', old[3] ?? '', req, res);
    next();
  };

  /** The HTTP server's 'upgrade' listener. */
  readonly upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const sessionId = this.config.sessions.sessionIdFromHost(req.headers.host);
    if (!sessionId) {
      if (OLD_PATH.test(req.url ?? ''))
        refuseUpgrade(socket, 410, 'SESSION_MOVED', 'Session content is served from its own origin');
      return;
    }
    this.authoriseUpgrade(sessionId, req)
      .then((result) => {
        if ('refused' in result) return refuseUpgrade(socket, ...result.refused);
        this.connect(req, socket, head, result.viewer);
      })
      // Also what connect() throws (a viewer header the upstream client will not send): without
      // this catch it would be an unhandled rejection, which ends the process.
      .catch((e: unknown) => {
        this.logger.warn(`session upgrade failed: ${String(e)}`);
        socket.destroy();
      });
  };

  private async serve(sessionId: string, req: ProxiedRequest, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === ENTER_PATH) return this.enter(sessionId, req, res);
    // No service worker on a session origin: one would outlive the session and its grants.
    if (req.headers['service-worker'] !== undefined)
      return this.fail(res, 403, 'FORBIDDEN', 'Service workers are not allowed on a session origin');
    if (checkOrigin(req, this.config.sessions.originFor(sessionId), false) !== 'ok')
      return this.fail(res, 403, 'FORBIDDEN', 'Cross-origin requests to a session are refused');
    const access = await this.resolve(req, sessionId);
    if (!access) return this.fail(res, 401, 'AUTH_REQUIRED', 'Open this session from Caster');
    if (!this.target(req, access)) return this.fail(res, 404, 'NOT_FOUND', 'Session not found');
    if (access.viewOnly && req.method !== 'GET' && req.method !== 'HEAD')
      return this.fail(res, 404, 'NOT_FOUND', 'Session not found');
    scrubRequestHeaders(req.headers);
    req.headers.authorization = proxyAuthorization(access.session.proxySecret);
    await this.proxy(req, res, () => this.fail(res, 404, 'NOT_FOUND', 'Session not found'));
  }

  /**
   * The holder of the session cookie, from the grant cache when a lookup of the last seconds is
   * still good. Only grants of a running session are kept (a starting one changes as it starts).
   */
  private async resolve(req: IncomingMessage, sessionId: string): Promise<ProxyAccess | null> {
    const token = sessionCookieToken(req);
    if (!token) return null;
    const access = await this.grants.get(`${grantTokenHash(token)}:${sessionId}`, () =>
      this.access.resolveToken(token, sessionId),
    );
    // A cookie of another session (a lookup for that one may be shared or cached) admits nobody.
    return access?.session.id === sessionId ? access : null;
  }

  /** Points the request at the session's container; false when it is not running. */
  private target(req: ProxiedRequest, access: ProxyAccess): boolean {
    const { session } = access;
    if (session.state !== 'running' || !session.host || !session.port) return false;
    req.casterTarget = `http://${session.host}:${session.port}`;
    return true;
  }

  /** GET /.caster/enter?grant=…&next=…: trades the single-use code for the session's cookie. */
  private async enter(sessionId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return this.fail(res, 404, 'NOT_FOUND', 'Not found');
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const traded = await this.access.consumeEntry(sessionId, query.get('grant') ?? '');
    if (!traded)
      return this.fail(
        res,
        401,
        'GRANT_INVALID',
        'This entry link was already used or has expired. Open the session again from Caster.',
      );
    const maxAge = Math.max(
      0,
      Math.floor(((traded.grant.expiresAt?.getTime() ?? Date.now()) - Date.now()) / 1000),
    );
    // Host-only (no Domain), so no other session and not the dashboard ever sees it. Framed by the
    // dashboard the frame is cross-site: SameSite=None + Secure + Partitioned (CHIPS) keep it
    // in that frame's partition; on a plain-http domain that is not loopback, Lax is all there is.
    const attributes = this.config.sessions.secure ? 'SameSite=None; Secure; Partitioned' : 'SameSite=Lax';
    res.writeHead(303, {
      Location: safeNext(query.get('next')),
      'Set-Cookie': `${SESSION_COOKIE}=${traded.token}; Path=/; Max-Age=${maxAge}; HttpOnly; ${attributes}`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': `frame-ancestors ${this.frameAncestors}`,
      'Content-Length': '0',
    });
    res.end();
  }

  /** The dashboard's /session/<id>/…: a GET goes to the session's origin, anything else is told. */
  private movedAway(
    sessionId: string,
    rest: string,
    query: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(302, {
        Location: `${this.config.sessions.originFor(sessionId)}${rest}${query}`,
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    this.fail(res, 410, 'SESSION_MOVED', 'Session content is served from its own origin');
  }

  private async authoriseUpgrade(
    sessionId: string,
    req: ProxiedRequest,
  ): Promise<{ viewer: AuthorisedViewer } | { refused: [number, ErrorCode, string] }> {
    if (checkOrigin(req, this.config.sessions.originFor(sessionId), true) !== 'ok')
      return { refused: [403, 'FORBIDDEN', 'Cross-origin WebSockets to a session are refused'] };
    const access = await this.resolve(req, sessionId);
    if (!access) return { refused: [401, 'AUTH_REQUIRED', 'Open this session from Caster'] };
    if (!this.target(req, access)) return { refused: [404, 'NOT_FOUND', 'Session not found'] };
    const mediaRefused = mediaRefusal(mediaStreamOf(req.url), access);
    if (mediaRefused) return { refused: mediaRefused };
    return {
      viewer: {
        session: access.session,
        viewOnly: access.viewOnly,
        grantId: access.grantId,
        userId: access.userId,
      },
    };
  }

  /**
   * Connects an authorised client WebSocket to its session and registers it, so revocation or the
   * end of the session cuts it. The one place the two sockets meet: every WebSocket goes through
   * the RFB relay.
   */
  private connect(req: ProxiedRequest, socket: Duplex, head: Buffer, viewer: AuthorisedViewer): void {
    scrubRequestHeaders(req.headers);
    const done = this.viewers.add({
      sessionId: viewer.session.id,
      grantId: viewer.grantId,
      userId: viewer.userId,
      close: (reason) => {
        this.logger.log(`cutting a viewer of ${viewer.session.id}: ${reason}`);
        socket.destroy();
      },
    });
    socket.once('close', done);
    // Every WebSocket goes through the RFB relay, which applies the caller's policy: view-only
    // drops input, the session's client settings drop clipboard up or down.
    this.relaySession(
      req,
      socket,
      head,
      viewer.session,
      {
        viewOnly: viewer.viewOnly,
        // View-only viewers are strangers watching: the owner's clipboard never reaches them.
        clipboardUp: !viewer.viewOnly && viewer.session.clientSettings.allowClipboardUp,
        clipboardDown: !viewer.viewOnly && viewer.session.clientSettings.allowClipboardDown,
      },
      // Only input-capable (owner) connections are judged idle; a share viewer sends no input.
      !viewer.viewOnly,
    );
  }

  /**
   * Registers an owner's connection with the idle watch: cut with 4000 "idle" when the owner's
   * effective idle_disconnect passes without input. The limit is looked up beside the relay, not
   * before it: the first frame does not wait for a settings query.
   */
  private watchIdle(session: Session, client: WebSocket, upstream: WebSocket): WatchedConnection {
    const watched = this.idle.watch(session.id, () => {
      this.logger.log(`closing an idle viewer of ${session.id}`);
      client.close(IDLE_CLOSE_CODE, IDLE_CLOSE_REASON);
      upstream.close();
    });
    client.once('close', () => watched.done());
    if (session.userId) {
      this.settings
        .effectiveSettingsOf(session.userId)
        .then((effective) => watched.limit(effective.settings.idle_disconnect))
        .catch((e: unknown) => this.logger.warn(`idle limit of ${session.id}: ${String(e)}`));
    }
    return watched;
  }

  private relaySession(
    req: ProxiedRequest,
    socket: Duplex,
    head: Buffer,
    session: Session,
    policy: RfbPolicy,
    watchIdle: boolean,
  ): void {
    const sessionId = session.id;
    // The viewer's own headers (already scrubbed of every Caster credential) go on, as an HTTP
    // request's do — an app's cookie, language, user agent — but not the handshake's own.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HANDSHAKE_HEADERS.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    headers['authorization'] = proxyAuthorization(session.proxySecret);
    // Parsed as mediaStreamOf judged it: the path this opens is the path that was gated.
    const target = upstreamUrl((req.casterTarget ?? '').replace(/^http/, 'ws'), req.url).href;
    // Only well-formed, distinct tokens: the WebSocket client throws on anything else.
    const protocols = [
      ...new Set(
        (req.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter((p) => SUBPROTOCOL.test(p)),
      ),
    ];
    const connect = (offered: string[]): void => {
      const upstream = new WebSocket(target, offered, {
        perMessageDeflate: false,
        headers,
        // The container is the visitor's: a frame it sends is held whole in the API's memory
        // before the relay sees it, so it is bounded (ws's default is 100 MiB).
        maxPayload: MAX_UPSTREAM_FRAME,
      });
      upstream.once('error', (e) => {
        // An app that ignores the viewer's subprotocols (e.g. websocketd) is asked again without.
        if (offered.length > 0 && /no subprotocol/.test(e.message)) return connect([]);
        this.logger.warn(`session ${sessionId}: WebSocket to the session failed: ${e.message}`);
        // Not upgraded yet: the client gets an answer it can show, as a plain request would.
        if (opened || socket.destroyed) socket.destroy();
        else refuseUpgrade(socket, 502, 'SERVICE_UNAVAILABLE', 'The session is not answering');
      });
      let opened = false;
      socket.once('close', () => upstream.terminate());
      upstream.once('open', () => {
        opened = true;
        if (socket.destroyed) return upstream.terminate();
        req.casterProtocol = upstream.protocol;
        this.wss.handleUpgrade(req, socket, head, (client) => {
          const log = { warn: (message: string) => this.logger.warn(`session ${sessionId}: ${message}`) };
          // Sound and microphone (already allowed by authoriseUpgrade) are PCM, not RFB.
          const media = mediaStreamOf(req.url);
          if (media) return relayMedia(client, upstream, media, log);
          const idle = watchIdle ? this.watchIdle(session, client, upstream) : null;
          relay(client, upstream, policy, log, idle ? { onRfb: idle.rfb, onInput: idle.input } : {});
        });
      });
    };
    connect(protocols);
  }

  /** A coded error, as JSON (or a small page for a browser), framable only by the dashboard. */
  private fail(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
    const wantsHtml = /\btext\/html\b/.test(String(res.req?.headers.accept ?? ''));
    const body = wantsHtml
      ? `<!doctype html><meta charset="utf-8"><title>${code}</title><p>${message}</p><p><code>${code}</code></p>`
      : JSON.stringify({ error: { code, message } });
    res.writeHead(status, {
      'Content-Type': wantsHtml ? 'text/html; charset=utf-8' : 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': `default-src 'none'; frame-ancestors ${this.frameAncestors}`,
    });
    res.end(body);
  }
}

function refuseUpgrade(socket: Duplex, status: number, code: ErrorCode, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
