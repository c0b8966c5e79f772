import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { FailedLaunchPort, SessionsService, type FailedLaunch } from '@caster/api/sessions';
import { UsersService } from '@caster/api/users';
import { CastConfigEntity } from './cast-config.entity';
import { CastingService } from './casting.service';

/**
 * A cast whose session never ran gives its budget unit back and removes the anonymous account made
 * for the visitor — after FAILED_LAUNCH_GRACE_SECONDS, so the visitor's page can still read the
 * session's failure with that account's token instead of being sent to sign in. Everything needed
 * is read from the session, so any replica can do it for a launch another one started (and died
 * during); an account whose removal timer died with its replica goes with the regular clean-up.
 */
@Injectable()
export class FailedCastRelease extends FailedLaunchPort implements OnModuleDestroy {
  private readonly logger = new Logger('CastLaunch');
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(
    @InjectRepository(CastConfigEntity) private readonly configs: Repository<CastConfigEntity>,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly casting: CastingService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {
    super();
  }

  onModuleDestroy(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  async release(launch: FailedLaunch): Promise<void> {
    if (!launch.castConfigId) return;
    // The audit said "ok" when the cast answered; it now says what became of the session.
    if (launch.failureCode)
      await this.casting
        .markClaimFailed(launch.id, launch.failureCode)
        .catch((e: unknown) => this.logger.warn(`could not update the claim of ${launch.id}: ${String(e)}`));
    const [, given] = await this.configs.query<[unknown, number]>(
      'UPDATE cast_configs SET sessions_remaining = sessions_remaining + 1, updated_at = now() WHERE id = $1 AND limit_sessions',
      [launch.castConfigId],
    );
    if (given)
      this.logger.log(`gave a session back to casting link ${launch.castConfigId} after a failed launch`);
    if (launch.userId) await this.removeAccountLater(launch.userId);
  }

  /** Casting makes a fresh anonymous account per visitor; one with another live session is kept. */
  private async removeAccountLater(userId: string): Promise<void> {
    const remove = async (): Promise<void> => {
      if (!(await this.sessions.withActiveSessions([userId])).has(userId))
        await this.users.deleteAnonymous(userId);
    };
    const graceMs = this.config.jobs.failedLaunchGraceSeconds * 1000;
    if (graceMs === 0) return remove().catch(() => undefined);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      remove().catch((e: unknown) =>
        this.logger.warn(`could not remove anonymous account ${userId}: ${String(e)}`),
      );
    }, graceMs);
    timer.unref();
    this.pending.add(timer);
  }
}
