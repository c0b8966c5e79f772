import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { SessionEvent } from '@caster/contracts';

/**
 * State changes of sessions, for the SSE stream. In-process for a single API; a cluster relays
 * them through PostgreSQL NOTIFY (see the relay), so a viewer on any replica hears them.
 */
@Injectable()
export class SessionEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open viewer page.
    this.emitter.setMaxListeners(0);
  }

  emit(event: SessionEvent): void {
    this.emitter.emit(event.sessionId, event);
  }

  subscribe(sessionId: string, listener: (event: SessionEvent) => void): () => void {
    this.emitter.on(sessionId, listener);
    return () => this.emitter.off(sessionId, listener);
  }
}
