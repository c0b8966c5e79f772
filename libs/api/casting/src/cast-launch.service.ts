import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CastResponse } from '@caster/contracts';
import { TokensService } from '@caster/api/auth';
import { AppError } from '@caster/api/core';
import { SessionLaunchService, SessionsRepository, type Session } from '@caster/api/sessions';
import { AnonymousLaunch } from './anonymous-launch.service';
import { CastConfigEntity } from './cast-config.entity';
import type { ReadyContext } from './pipeline/cast-context';

/** Anonymous accounts live as long as a sign-in token does by default; the clean-up job removes them. */
const ANONYMOUS_TOKEN_HOURS = 12;

export interface CastOutcome extends CastResponse {
  /** The anonymous account's token, to set as the HttpOnly cookie too. */
  tokenExpiresAt?: Date;
  /** Whose session it is (the claim records it; not part of the answer). */
  userId: string;
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
    private readonly launcher: SessionLaunchService,
    private readonly anonymous: AnonymousLaunch,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsRepository,
  ) {}

  async cast(ctx: ReadyContext): Promise<CastOutcome> {
    const resumed = await this.resume(ctx);
    if (resumed) return resumed;
    const { config, identity } = ctx;
    // Cheap early refusals, before an account or a unit is taken; the authoritative checks run
    // again inside the launch's transaction (holdShare, takeUnit).
    if (config.limitSessions && (config.sessionsRemaining ?? 0) <= 0) {
      throw new AppError('SESSIONS_EXHAUSTED', 'This casting link has no sessions left');
    }
    if (
      config.maxConcurrent !== null &&
      (await this.sessions.countActiveOfLink(config.id)) >= config.maxConcurrent
    )
      throw this.atCapacity(config);

    const { userId, session } = await this.start(ctx);
    const token =
      identity.kind === 'anonymous'
        ? await this.tokens.issue(userId, 'anonymous', ANONYMOUS_TOKEN_HOURS)
        : undefined;
    return {
      userId,
      sessionId: session.id,
      resumed: false,
      redirect: `#/session/${session.id}`,
      ...(token ? { token: token.token, tokenExpiresAt: token.expiresAt } : {}),
    };
  }

  /** Allow Resume: a signed-in visitor's live session from this link, given the new kasm_url. */
  private async resume(ctx: ReadyContext): Promise<CastOutcome | null> {
    const { config, identity, params } = ctx;
    if (identity.kind !== 'user' || !config.allowResume) return null;
    const existing = await this.sessions.findResumable(identity.userId, config.id);
    if (!existing) return null;
    if (params.kasmUrl) await this.launcher.resumeWith(existing, params.kasmUrl);
    return {
      userId: identity.userId,
      sessionId: existing.id,
      resumed: true,
      redirect: `#/session/${existing.id}`,
      ...(params.kasmUrl ? { openUrl: params.kasmUrl } : {}),
    };
  }

  /** A new (or staged) session for the visitor, the link's unit and share taken in its transaction. */
  private async start(ctx: ReadyContext): Promise<{ userId: string; session: Session }> {
    const { config, identity, params } = ctx;
    const launch = {
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
      withinTransaction: async (em: EntityManager) => {
        await this.holdShare(em, config);
        await this.takeUnit(em, config);
      },
    };
    if (identity.kind === 'anonymous') {
      const launched = await this.anonymous.launch({ ...launch, groupId: config.anonymousGroupId });
      return { userId: launched.user.id, session: launched.session };
    }
    const { session } = await this.launcher.launch({
      ...launch,
      userId: identity.userId,
      username: identity.username,
      anonymous: false,
    });
    return { userId: identity.userId, session };
  }

  private atCapacity(config: CastConfigEntity): AppError {
    return new AppError(
      'LINK_AT_CAPACITY',
      `This casting link already has ${config.maxConcurrent} live session(s), its limit`,
      { limit: config.maxConcurrent },
    );
  }

  /**
   * maxConcurrent, authoritatively: a transaction-scoped lock per link makes the count and the
   * session's insert one step for every replica, so a burst never holds more than the link's share.
   */
  private async holdShare(em: EntityManager, config: CastConfigEntity): Promise<void> {
    if (config.maxConcurrent === null) return;
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cast-share:${config.id}`]);
    if ((await this.sessions.countActiveOfLink(config.id, em)) >= config.maxConcurrent)
      throw this.atCapacity(config);
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
