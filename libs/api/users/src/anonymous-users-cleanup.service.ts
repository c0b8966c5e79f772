import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClusterLock } from '@caster/api/database';
import { SettingsService } from '@caster/api/settings';
import { UserEntity } from './user.entity';
import { UserSessionsPort } from './user-ports';

const RUN_EVERY_MS = 10 * 60_000;
const BATCH = 500;

/**
 * Anonymous accounts (made by casting for visitors) are removed once they are older than the
 * server setting anonymousUserExpirationHours and have no running session. Their tokens and
 * memberships go with them (ON DELETE CASCADE).
 */
@Injectable()
export class AnonymousUsersCleanup {
  private readonly logger = new Logger('AnonymousUsersCleanup');
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly sessions: UserSessionsPort,
    private readonly lock: ClusterLock,
  ) {}

  @Interval('anonymous-users-cleanup', RUN_EVERY_MS)
  async scheduled(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // One replica of the cluster purges per round; the others skip it.
      await this.lock.runExclusive('anonymous-users-cleanup', async () => {
        const removed = await this.purgeExpired();
        if (removed > 0) this.logger.log(`Removed ${removed} expired anonymous user(s)`);
      });
    } catch (e) {
      this.logger.error(`Anonymous user clean-up failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.running = false;
    }
  }

  /** Deletes expired anonymous users without running sessions; answers how many went. */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    const hours = await this.settings.anonymousUserExpirationHours();
    const cutoff = new Date(now.getTime() - hours * 3_600_000);
    const repo = this.dataSource.getRepository(UserEntity);
    let removed = 0;
    // Walk the candidates in id order so users kept for their sessions are passed over, not re-read.
    let afterId: string | null = null;
    for (;;) {
      const qb = repo
        .createQueryBuilder('u')
        .select(['u.id'])
        .where('u.anonymous = true')
        .andWhere('u.created_at < :cutoff', { cutoff });
      if (afterId) qb.andWhere('u.id > :afterId', { afterId });
      const batch = await qb.orderBy('u.id', 'ASC').limit(BATCH).getMany();
      if (batch.length === 0) break;
      const busy = await this.sessions.withActiveSessions(batch.map((u) => u.id));
      const doomed = batch.filter((u) => !busy.has(u.id)).map((u) => u.id);
      if (doomed.length > 0) {
        const result = await repo
          .createQueryBuilder()
          .delete()
          .where('id IN (:...doomed)', { doomed })
          .andWhere('anonymous = true')
          .andWhere('created_at < :cutoff', { cutoff })
          .execute();
        removed += result.affected ?? 0;
      }
      afterId = batch[batch.length - 1].id;
      if (batch.length < BATCH) break;
    }
    return removed;
  }
}
