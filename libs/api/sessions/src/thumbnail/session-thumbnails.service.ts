import { Injectable, Logger } from '@nestjs/common';
import { WebSocket } from 'ws';
import { AppError } from '@caster/api/core';
import { RfbConnection } from '../proxy/rfb-connection';
import { proxyAuthorization } from '../proxy/session-request';
import type { Session } from '../state/sessions.repository';
import { downscale, encodePng } from './png';
import { RfbSnapshotClient, RfbSnapshotError, type Framebuffer } from './rfb-snapshot';

/** A picture this fresh is answered again rather than taken anew. */
export const THUMBNAIL_TTL_MS = 4_000;
/** Width of the picture (the framebuffer is shrunk to it, never enlarged). */
export const THUMBNAIL_WIDTH = 320;
const CAPTURE_TIMEOUT_MS = 8_000;
/** A session that gave no picture is not asked again for this long (a web app never will). */
export const THUMBNAIL_FAILURE_TTL_MS = 30_000;
/** Pictures kept at most (each a few tens of kB); the oldest go first. */
const MAX_CACHED = 200;

export interface Thumbnail {
  png: Buffer;
  takenAt: Date;
}

/**
 * Small pictures of running desktop sessions for the admin's pages, taken through the session:
 * the API opens the session's own WebSocket the way its proxy does (the container's web port with
 * the per-session secret; no display or port is exposed for it), and the client's bytes pass the
 * relay's RFB parser with a view-only policy, so a thumbnail can never type, click or read the
 * clipboard. One capture per session at a time and one picture per few seconds, whoever asks: N
 * administrators watching the sessions page cost one capture.
 */
@Injectable()
export class SessionThumbnailsService {
  private readonly logger = new Logger('Thumbnails');
  private readonly cache = new Map<string, Thumbnail>();
  private readonly inFlight = new Map<string, Promise<Thumbnail>>();
  /** Sessions whose last capture failed, and until when that answer stands. */
  private readonly failedUntil = new Map<string, number>();
  /** Captures actually made (what the cache saves shows here). */
  captures = 0;

  /** May this session be pictured now? Running, reached over RFB (not a link, not a web app). */
  static capturable(session: Session, workspaceType: string | null): boolean {
    return (
      session.state === 'running' &&
      Boolean(session.host && session.port) &&
      workspaceType !== null &&
      workspaceType !== 'link'
    );
  }

  async get(session: Session, workspaceType: string | null): Promise<Thumbnail> {
    if (!SessionThumbnailsService.capturable(session, workspaceType))
      throw new AppError('CONFLICT', `The session is ${session.state}: there is nothing to picture`);
    const cached = this.cache.get(session.id);
    if (cached && Date.now() - cached.takenAt.getTime() < THUMBNAIL_TTL_MS) return cached;
    const pending = this.inFlight.get(session.id);
    if (pending) return pending;
    if ((this.failedUntil.get(session.id) ?? 0) > Date.now())
      throw new AppError('SERVICE_UNAVAILABLE', 'The session did not give a picture');
    const capture = this.capture(session)
      .then((thumb) => {
        this.cache.delete(session.id);
        this.cache.set(session.id, thumb);
        while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
        return thumb;
      })
      .catch((e: unknown) => {
        this.failedUntil.set(session.id, Date.now() + THUMBNAIL_FAILURE_TTL_MS);
        for (const [id, until] of this.failedUntil) if (until < Date.now()) this.failedUntil.delete(id);
        throw e;
      })
      .finally(() => this.inFlight.delete(session.id));
    this.inFlight.set(session.id, capture);
    return capture;
  }

  /** A stopped session's picture is of no use to anyone. */
  forget(sessionId: string): void {
    this.cache.delete(sessionId);
    this.failedUntil.delete(sessionId);
  }

  private async capture(session: Session): Promise<Thumbnail> {
    this.captures++;
    try {
      const frame = await snapshot(`ws://${session.host}:${session.port}/websockify`, {
        authorization: proxyAuthorization(session.proxySecret),
      });
      const small = downscale(frame.width, frame.height, frame.bgrx, THUMBNAIL_WIDTH);
      return { png: encodePng(small.width, small.height, small.rgb), takenAt: new Date() };
    } catch (e) {
      this.logger.warn(`session ${session.id}: no thumbnail: ${e instanceof Error ? e.message : String(e)}`);
      throw new AppError('SERVICE_UNAVAILABLE', 'The session did not give a picture');
    }
  }
}

/** One framebuffer read over the session's WebSocket through the relay's view-only RFB parser. */
export function snapshot(
  url: string,
  headers: Record<string, string>,
  timeoutMs = CAPTURE_TIMEOUT_MS,
): Promise<Framebuffer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary'], { headers, perMessageDeflate: false });
    const relay = new RfbConnection({ viewOnly: true, clipboardUp: false, clipboardDown: false });
    const client = new RfbSnapshotClient();
    let settled = false;
    const finish = (err: Error | null, frame?: Framebuffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      if (err) reject(err);
      else resolve(frame!);
    };
    const timer = setTimeout(() => finish(new RfbSnapshotError('timed out')), timeoutMs);
    const sendToServer = (chunks: Buffer[]): void => {
      for (const c of chunks) if (c.length && ws.readyState === ws.OPEN) ws.send(c, { binary: true });
    };
    ws.on('message', (data: Buffer) => {
      try {
        const { toClient, toServer } = relay.fromServer(data);
        sendToServer(toServer);
        for (const chunk of toClient) {
          const answer = client.push(chunk);
          if (answer.length) {
            const passed = relay.fromClient(Buffer.concat(answer));
            sendToServer(passed.toServer);
            for (const back of passed.toClient) client.push(back);
          }
          if (client.result) return finish(null, client.result);
        }
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      }
    });
    ws.once('error', (e) => finish(e));
    ws.once('close', () => finish(new RfbSnapshotError('the session closed the connection')));
  });
}
