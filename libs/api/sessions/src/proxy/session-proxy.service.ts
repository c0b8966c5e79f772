import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { WebSocket, WebSocketServer } from 'ws';
import { SessionAccessService, type ProxyAccess } from '../session-access.service';
import { relay, type RfbPolicy } from './rfb-relay';

const PATH = /^\/session\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/.*)?$/i;

type ProxiedRequest = IncomingMessage & {
  casterTarget?: string;
  originalUrl?: string;
  /** The subprotocol the session's WebSocket chose, answered to the viewer. */
  casterProtocol?: string;
};

/** A viewer's WebSocket message larger than this is refused by ws before the relay sees it. */
const MAX_CLIENT_FRAME = 4 * 1024 * 1024;

/**
 * /session/:id/* → the session's published port, HTTP and WebSocket (http-proxy-middleware).
 * Only the owner or a grant holder gets through; anyone else gets 404 as if there were no session.
 * View-only viewers may only GET. Every WebSocket goes through the RFB relay (rfb-relay.ts), which
 * applies the caller's policy: view-only drops input, client settings drop clipboard up/down.
 */
@Injectable()
export class SessionProxyService implements OnModuleDestroy {
  private readonly logger = new Logger('SessionProxy');
  private readonly proxy: RequestHandler<IncomingMessage, ServerResponse>;
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_CLIENT_FRAME,
    handleProtocols: (_offered, req) => (req as ProxiedRequest).casterProtocol || false,
  });

  constructor(private readonly access: SessionAccessService) {
    this.proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
      router: (req) => (req as ProxiedRequest).casterTarget ?? 'http://127.0.0.1:9',
      changeOrigin: true,
      ws: false,
      xfwd: false,
      on: {
        error: (err, _req, res) => {
          this.logger.warn(`proxy error: ${err.message}`);
          if ('writeHead' in res && !res.headersSent) {
            res.writeHead(502, { 'Content-Type': 'application/json' });
            res.end(
              JSON.stringify({
                error: { code: 'SERVICE_UNAVAILABLE', message: 'The session is not answering' },
              }),
            );
          } else if ('destroy' in res) {
            res.destroy();
          }
        },
      },
    });
  }

  onModuleDestroy(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private notFound(res: ServerResponse): void {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Session not found' } }));
  }

  /** Finds the session and checks the caller; on success rewrites req.url to the in-container path. */
  private async authorize(req: ProxiedRequest): Promise<ProxyAccess | null> {
    const match = PATH.exec((req.url ?? '').split('?')[0]);
    if (!match) return null;
    const access = await this.access.resolve(req, match[1].toLowerCase());
    if (!access || access.session.state !== 'running' || !access.session.host || !access.session.port)
      return null;
    const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
    req.casterTarget = `http://${access.session.host}:${access.session.port}`;
    req.url = `${match[2] ?? '/'}${query}`;
    return access;
  }

  /** Express middleware, mounted before the body parser so request bodies stream through untouched. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    if (!(req.url ?? '').startsWith('/session/')) return next();
    this.authorize(req).then(
      (access) => {
        if (!access) return this.notFound(res);
        if (access.viewOnly && req.method !== 'GET' && req.method !== 'HEAD') return this.notFound(res);
        void this.proxy(req, res, next);
      },
      (e: unknown) => next(e),
    );
  };

  /** The HTTP server's 'upgrade' listener for /session/* WebSockets. */
  readonly upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!(req.url ?? '').startsWith('/session/')) return;
    this.authorize(req).then(
      (access) => {
        if (!access) {
          socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        this.relaySession(req, socket, head, access.session.id, {
          viewOnly: access.viewOnly,
          // View-only viewers are strangers watching: the owner's clipboard never reaches them.
          clipboardUp: !access.viewOnly && access.session.clientSettings.allowClipboardUp,
          clipboardDown: !access.viewOnly && access.session.clientSettings.allowClipboardDown,
        });
      },
      () => socket.destroy(),
    );
  };

  private relaySession(
    req: ProxiedRequest,
    socket: Duplex,
    head: Buffer,
    sessionId: string,
    policy: RfbPolicy,
  ): void {
    const target = `${(req.casterTarget ?? '').replace(/^http/, 'ws')}${req.url ?? '/'}`;
    const protocols = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const connect = (offered: string[]): void => {
      const upstream = new WebSocket(target, offered, { perMessageDeflate: false });
      upstream.once('error', (e) => {
        // An app that ignores the viewer's subprotocols (e.g. websocketd) is asked again without.
        if (offered.length > 0 && /no subprotocol/.test(e.message)) return connect([]);
        socket.destroy();
      });
      socket.once('close', () => upstream.terminate());
      upstream.once('open', () => {
        req.casterProtocol = upstream.protocol;
        this.wss.handleUpgrade(req, socket, head, (client) => {
          relay(client, upstream, policy, {
            warn: (message) => this.logger.warn(`session ${sessionId}: ${message}`),
          });
        });
      });
    };
    connect(protocols);
  }
}
