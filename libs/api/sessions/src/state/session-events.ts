import { EventEmitter } from 'node:events';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { SessionEvent } from '@caster/contracts';
import { ClusterNotifications } from '@caster/api/database';
import { SessionsRepository } from './sessions.repository';

/** The NOTIFY channel session state changes travel on between replicas. */
export const SESSION_EVENTS_CHANNEL = 'caster_session_events';

function isSessionEvent(p: unknown): p is SessionEvent {
  const e = p as Partial<SessionEvent> | null;
  return typeof e?.sessionId === 'string' && typeof e.state === 'string' && typeof e.at === 'string';
}

/**
 * State changes of sessions, for the SSE stream. Listeners on this replica hear an event at once;
 * the other replicas hear it through PostgreSQL NOTIFY (ClusterNotifications), so a viewer
 * connected to any replica follows a session whichever replica moves it. With PGlite (one
 * process) everything stays in-process.
 */
@Injectable()
export class SessionEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SessionEvents');
  private readonly emitter = new EventEmitter();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly relay: ClusterNotifications,
    private readonly sessions: SessionsRepository,
  ) {
    // One listener per open viewer page.
    this.emitter.setMaxListeners(0);
  }

  onModuleInit(): void {
    this.unsubscribe.push(
      this.relay.listen(SESSION_EVENTS_CHANNEL, (p) => {
        if (isSessionEvent(p)) this.emitter.emit(p.sessionId, p);
      }),
      this.relay.onReconnect(() => {
        this.resync().catch((e: unknown) => this.logger.warn(`resync after reconnect: ${String(e)}`));
      }),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  emit(event: SessionEvent): void {
    this.emitter.emit(event.sessionId, event);
    // The failure message is already capped at 1000 characters; cap it again so the NOTIFY
    // payload stays far below PostgreSQL's 8000-byte limit whatever a caller passes.
    const relayed = event.failure
      ? { ...event, failure: { code: event.failure.code, message: event.failure.message.slice(0, 1000) } }
      : event;
    void this.relay.publish(SESSION_EVENTS_CHANNEL, relayed);
  }

  subscribe(sessionId: string, listener: (event: SessionEvent) => void): () => void {
    this.emitter.on(sessionId, listener);
    return () => this.emitter.off(sessionId, listener);
  }

  /** Events sent while the relay was down were missed: tell the viewers here the state now. */
  private async resync(): Promise<void> {
    const watched = this.emitter.eventNames().filter((n): n is string => typeof n === 'string');
    if (watched.length === 0) return;
    const rows = await this.sessions.statesOf(watched);
    const at = new Date().toISOString();
    for (const s of rows) {
      this.emitter.emit(s.id, {
        sessionId: s.id,
        state: s.state,
        at,
        ...(s.failureCode ? { failure: { code: s.failureCode, message: s.failureMessage ?? '' } } : {}),
      } satisfies SessionEvent);
    }
  }
}
