import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { FailedLaunchPort, SessionsService, type FailedLaunch } from '@caster/api/sessions';
import { UsersService } from '@caster/api/users';
import { CastConfigEntity } from './cast-config.entity';
import { CastingService } from './casting.service';

/**
 * A cast whose session never ran gives its budget unit back and removes the anonymous account made
 * for the visitor. Everything needed is read from the session, so any replica can do it for a
 * launch another one started (and died during).
 */
@Injectable()
export class FailedCastRelease extends FailedLaunchPort {
  private readonly logger = new Logger('CastLaunch');

  constructor(
    @InjectRepository(CastConfigEntity) private readonly configs: Repository<CastConfigEntity>,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly casting: CastingService,
  ) {
    super();
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
    // Casting makes a fresh anonymous account per visitor; one with another live session is kept.
    if (launch.userId && !(await this.sessions.withActiveSessions([launch.userId])).has(launch.userId))
      await this.users.deleteAnonymous(launch.userId).catch(() => undefined);
  }
}
