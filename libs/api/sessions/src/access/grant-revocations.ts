import { EventEmitter } from 'node:events';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ClusterNotifications } from '@caster/api/database';

/** The NOTIFY channel grant revocations travel on between replicas. */
export const GRANT_REVOCATIONS_CHANNEL = 'caster_grant_revocations';

/** Some grants were revoked: of one session (a share ended), or every grant handed to one user. */
export type GrantRevocation = { sessionId: string } | { userId: string };

function isRevocation(p: unknown): p is GrantRevocation {
  const r = p as Record<string, unknown> | null;
  return typeof r?.['sessionId'] === 'string' || typeof r?.['userId'] === 'string';
}

/**
 * Tells every replica that grants were revoked, so the proxy can cut the viewers they admitted
 * at once instead of at their next request, and evict the grants it caches. The database stays
 * the truth: a listener re-checks.
 */
@Injectable()
export class GrantRevocations implements OnModuleInit, OnModuleDestroy {
  private readonly emitter = new EventEmitter();
  private off: (() => void) | null = null;

  constructor(private readonly relay: ClusterNotifications) {
    this.emitter.setMaxListeners(0);
  }

  onModuleInit(): void {
    this.off = this.relay.listen(GRANT_REVOCATIONS_CHANNEL, (p) => {
      if (isRevocation(p)) this.emitter.emit('revoked', p);
    });
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  /**
   * Tells this replica at once and the others through NOTIFY. Await it before answering the
   * caller: once it settles, the other replicas' proxies were sent the word (their grant caches
   * evict as it arrives), so "revoked" means revoked on the next request to any replica.
   */
  announce(revocation: GrantRevocation): Promise<void> {
    this.emitter.emit('revoked', revocation);
    return this.relay.publish(GRANT_REVOCATIONS_CHANNEL, revocation);
  }

  onRevoked(listener: (revocation: GrantRevocation) => void): () => void {
    this.emitter.on('revoked', listener);
    return () => this.emitter.off('revoked', listener);
  }
}
