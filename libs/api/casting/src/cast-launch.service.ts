import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { ACTIVE_SESSION_STATES, type CastResponse } from '@caster/contracts';
import { TokensService } from '@caster/api/auth';
import { AppError } from '@caster/api/core';
import { GroupsService } from '@caster/api/groups';
import { SessionEntity, SessionLaunchService } from '@caster/api/sessions';
import { UsersService } from '@caster/api/users';
import { CastConfigEntity } from './cast-config.entity';
import { castContext, type CastHttpRequest } from './cast-request';
import { CastingService } from './casting.service';

/** Anonymous accounts live as long as a sign-in token does by default; the clean-up job removes them. */
const ANONYMOUS_TOKEN_HOURS = 12;

export interface CastOutcome extends CastResponse {
  /** The anonymous account's token, to set as the HttpOnly cookie too. */
  tokenExpiresAt?: Date;
}

/**
 * Policy 7, the launch: resume (signed-in users, Allow Resume), else a staged session whose client
 * settings match, else a new one. The budget unit is taken with one conditional UPDATE in the
 * transaction that records the session, so concurrent requests never oversell it; it is given back
 * (and the anonymous account removed) when provisioning fails later.
 */
@Injectable()
export class CastLaunchService {
  constructor(
    private readonly casting: CastingService,
    private readonly launcher: SessionLaunchService,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly tokens: TokensService,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
  ) {}

  async cast(req: CastHttpRequest): Promise<CastOutcome> {
    const { config, identity, params } = castContext(req);
    if (!identity || !params) throw new Error('cast guards ran out of order');
    const ip = req.ip ?? '';

    if (identity.kind === 'user' && config.allowResume) {
      const existing = await this.sessions.findOne({
        where: {
          userId: identity.userId,
          castConfigId: config.id,
          state: In(['provisioning', 'starting', 'running']),
        },
        order: { createdAt: 'DESC' },
      });
      if (existing) {
        let openUrl: string | undefined;
        if (params.kasmUrl) {
          await this.launcher.openUrl(existing, params.kasmUrl);
          openUrl = params.kasmUrl;
        }
        await this.casting.recordClaim({
          castConfigId: config.id,
          ip,
          outcome: 'ok',
          userId: identity.userId,
          sessionId: existing.id,
        });
        return {
          sessionId: existing.id,
          resumed: true,
          redirect: `#/session/${existing.id}`,
          ...(openUrl ? { openUrl } : {}),
        };
      }
    }

    // A cheap early refusal; the authoritative check is the conditional UPDATE below.
    if (config.limitSessions && (config.sessionsRemaining ?? 0) <= 0) {
      throw new AppError('SESSIONS_EXHAUSTED', 'This casting link has no sessions left');
    }
    // The same for the link's share of capacity, before an account or a unit is taken.
    if (
      config.maxConcurrent !== null &&
      (await this.liveSessions(this.sessions.manager, config)) >= config.maxConcurrent
    )
      throw this.atCapacity(config);

    let userId: string;
    let username: string;
    if (identity.kind === 'anonymous') {
      const user = await this.users.createAnonymous();
      userId = user.id;
      username = user.username;
      if (config.anonymousGroupId) await this.groups.addMember(config.anonymousGroupId, userId);
    } else {
      userId = identity.userId;
      username = identity.username;
    }

    let session: SessionEntity;
    try {
      ({ session } = await this.launcher.launch({
        userId,
        username,
        anonymous: identity.kind === 'anonymous',
        freshUser: identity.kind === 'anonymous',
        workspaceId: config.workspaceId,
        checkGroupPermission: false,
        kasmUrl: params.kasmUrl ?? config.kasmUrl,
        network: params.network,
        clientSettings: config.enforceClientSettings ? config.clientSettings : undefined,
        flags: {
          disableControlPanel: config.disableControlPanel,
          disableTips: config.disableTips,
          fixedResolution: !config.disableFixedResolution,
        },
        enableSharing: config.enableSharing,
        castConfigId: config.id,
        remoteApp: params.remoteApp,
        // A later provisioning failure gives the unit (and the anonymous account) back through
        // FailedCastRelease, on whichever replica notices it.
        withinTransaction: async (em) => {
          await this.holdShare(em, config);
          await this.takeUnit(em, config);
        },
      }));
    } catch (e) {
      if (identity.kind === 'anonymous') await this.users.deleteAnonymous(userId).catch(() => undefined);
      throw e;
    }

    let token: { token: string; expiresAt: Date } | undefined;
    if (identity.kind === 'anonymous')
      token = await this.tokens.issue(userId, 'anonymous', ANONYMOUS_TOKEN_HOURS);
    await this.casting.recordClaim({
      castConfigId: config.id,
      ip,
      outcome: 'ok',
      userId,
      sessionId: session.id,
    });
    return {
      sessionId: session.id,
      resumed: false,
      redirect: `#/session/${session.id}`,
      ...(token ? { token: token.token, tokenExpiresAt: token.expiresAt } : {}),
    };
  }

  private atCapacity(config: CastConfigEntity): AppError {
    return new AppError(
      'LINK_AT_CAPACITY',
      `This casting link already has ${config.maxConcurrent} live session(s), its limit`,
      { limit: config.maxConcurrent },
    );
  }

  private async liveSessions(em: EntityManager, config: CastConfigEntity): Promise<number> {
    const [{ n }] = await em.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM sessions WHERE cast_config_id = $1 AND state = ANY($2)',
      [config.id, [...ACTIVE_SESSION_STATES]],
    );
    return Number(n);
  }

  /**
   * maxConcurrent, authoritatively: a transaction-scoped lock per link makes the count and the
   * session's insert one step for every replica, so a burst never holds more than the link's share.
   */
  private async holdShare(em: EntityManager, config: CastConfigEntity): Promise<void> {
    if (config.maxConcurrent === null) return;
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cast-share:${config.id}`]);
    if ((await this.liveSessions(em, config)) >= config.maxConcurrent) throw this.atCapacity(config);
  }

  private async takeUnit(em: EntityManager, config: CastConfigEntity): Promise<void> {
    if (!config.limitSessions) return;
    const [rows] = await em.query<[unknown[], number]>(
      `UPDATE cast_configs SET sessions_remaining = sessions_remaining - 1, updated_at = now()
        WHERE id = $1 AND limit_sessions AND sessions_remaining > 0 RETURNING sessions_remaining`,
      [config.id],
    );
    if (!Array.isArray(rows) || rows.length === 0)
      throw new AppError('SESSIONS_EXHAUSTED', 'This casting link has no sessions left');
  }
}
