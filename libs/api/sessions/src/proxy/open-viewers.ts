import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { GrantRevocations, type GrantRevocation } from '../access/grant-revocations';
import { SessionAccessService } from '../access/session-access.service';
import { SessionEvents } from '../state/session-events';

/** One open WebSocket through the proxy, and what admitted it. */
export interface OpenViewer {
  sessionId: string;
  grantId: string;
  userId: string | null;
  /** Cuts the connection at once (both sides). */
  close: (reason: string) => void;
}

/**
 * Every WebSocket this replica holds open into a session, by session. A viewer is cut the moment
 * what admitted it ends: the session leaves `running` (SessionEvents, heard from every replica),
 * a share is revoked or a user's grants are (GrantRevocations, likewise). HTTP requests need no
 * registry: each one is checked against the database as it comes.
 */
@Injectable()
export class OpenViewers implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SessionProxy');
  private readonly bySession = new Map<string, { viewers: Set<OpenViewer>; off: () => void }>();
  private offRevocations: (() => void) | null = null;

  constructor(
    private readonly events: SessionEvents,
    private readonly revocations: GrantRevocations,
    private readonly access: SessionAccessService,
  ) {}

  onModuleInit(): void {
    this.offRevocations = this.revocations.onRevoked((r) => {
      this.revoked(r).catch((e: unknown) => this.logger.warn(`re-checking viewers: ${String(e)}`));
    });
  }

  onModuleDestroy(): void {
    this.offRevocations?.();
    for (const viewer of this.all()) viewer.close('the API is shutting down');
  }

  /** Adds the viewer; answers the function to call when its connection ends on its own. */
  add(viewer: OpenViewer): () => void {
    let entry = this.bySession.get(viewer.sessionId);
    if (!entry) {
      const off = this.events.subscribe(viewer.sessionId, (event) => {
        if (event.state !== 'running') this.closeSession(viewer.sessionId, `the session is ${event.state}`);
      });
      entry = { viewers: new Set(), off };
      this.bySession.set(viewer.sessionId, entry);
    }
    entry.viewers.add(viewer);
    return () => this.remove(viewer);
  }

  /** How many connections are open into the session (tests, metrics). */
  count(sessionId: string): number {
    return this.bySession.get(sessionId)?.viewers.size ?? 0;
  }

  private remove(viewer: OpenViewer): void {
    const entry = this.bySession.get(viewer.sessionId);
    if (!entry) return;
    entry.viewers.delete(viewer);
    if (entry.viewers.size === 0) {
      entry.off();
      this.bySession.delete(viewer.sessionId);
    }
  }

  private closeSession(sessionId: string, reason: string): void {
    for (const viewer of [...(this.bySession.get(sessionId)?.viewers ?? [])]) this.cut(viewer, reason);
  }

  private cut(viewer: OpenViewer, reason: string): void {
    this.remove(viewer);
    viewer.close(reason);
  }

  private *all(): Iterable<OpenViewer> {
    for (const { viewers } of [...this.bySession.values()]) yield* [...viewers];
  }

  private async revoked(r: GrantRevocation): Promise<void> {
    if ('userId' in r) {
      for (const viewer of this.all()) if (viewer.userId === r.userId) this.cut(viewer, 'access revoked');
      return;
    }
    const viewers = [...(this.bySession.get(r.sessionId)?.viewers ?? [])];
    const live = await Promise.all(viewers.map((v) => this.access.isLive(v.grantId)));
    viewers.forEach((viewer, i) => {
      if (!live[i]) this.cut(viewer, 'access revoked');
    });
  }
}
