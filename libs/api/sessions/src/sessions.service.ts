import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { SessionView, ShareView } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError, sessionLog } from '@caster/api/core';
import { AgentsService } from '@caster/api/provisioning';
import { CastLinkLookup, WorkspaceLookup } from './ports';
import { GrantRevocations } from './access/grant-revocations';
import { ProvisionerService } from './launch/provisioner.service';
import { SessionAccessService } from './access/session-access.service';
import { SessionGrantEntity } from './access/session-grant.entity';
import { toSessionView } from './session-view';
import { SessionsRepository, type Session } from './state/sessions.repository';

/** Reading, stopping, keeping alive and sharing sessions. Launching lives in SessionLaunchService. */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger('Sessions');

  constructor(
    private readonly sessions: SessionsRepository,
    @InjectRepository(SessionGrantEntity) private readonly grants: Repository<SessionGrantEntity>,
    private readonly workspaces: WorkspaceLookup,
    private readonly agents: AgentsService,
    private readonly provisioner: ProvisionerService,
    private readonly revocations: GrantRevocations,
    private readonly access: SessionAccessService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    private readonly castLinks: CastLinkLookup,
  ) {}

  /** The caller's own session; anyone else's is "not found", never "forbidden". */
  async ownedBy(userId: string, id: string): Promise<Session> {
    const session = await this.sessions.getOwned(userId, id);
    if (!session) throw new AppError('NOT_FOUND', 'Session not found');
    return session;
  }

  async get(id: string): Promise<Session | null> {
    return this.sessions.get(id);
  }

  async view(session: Session): Promise<SessionView> {
    const workspace = await this.workspaces.forLaunch(session.workspaceId);
    const share = await this.grants.findOne({
      where: { sessionId: session.id, kind: 'share', revokedAt: IsNull() },
    });
    // A cast visitor's page sends a failed launch to the link's Error URL (or the coded error page).
    const cast = session.castConfigId
      ? { errorUrl: await this.castLinks.errorUrlOf(session.castConfigId).catch(() => null) }
      : null;
    return toSessionView(session, workspace, share?.shareId ?? null, this.config.sessions, cast);
  }

  async listFor(userId: string): Promise<Session[]> {
    return this.sessions.listLiveOf(userId);
  }

  /** Every user's sessions that are not over (staged ones excluded), newest first. */
  async listLive(): Promise<Session[]> {
    return this.sessions.listActive();
  }

  async countActive(userId: string): Promise<number> {
    return this.sessions.countActive(userId);
  }

  async withActiveSessions(userIds: readonly string[]): Promise<Set<string>> {
    return this.sessions.usersWithActive(userIds);
  }

  /** Stops a session and removes its container. Idempotent. */
  async stop(id: string, reason: string | null = null): Promise<void> {
    const row = await this.sessions.beginStop(id, reason);
    if (!row) return;
    this.provisioner.transitionEvent(id, 'stopping');
    if (row.containerId) {
      try {
        await this.agents.get(row.agentId)?.remove(row.containerId);
      } catch (e) {
        // The engine is down: the reconciler removes the container when it is back.
        this.logger.warn(sessionLog(id, 'could not remove its container', { err: String(e) }));
      }
    }
    await this.grants.update({ sessionId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.provisioner.transition(id, ['stopping'], 'stopped', {
      stoppedAt: new Date(),
      ...(reason ? { failureMessage: reason } : {}),
    });
  }

  async stopAll(userId: string): Promise<void> {
    // First every grant handed to the user, also into other people's sessions (a signed-in share
    // join): their open viewers are cut now, not when the containers are gone.
    await this.access.revokeGrantsForUser(userId);
    const live = await this.sessions.liveIdsOf(userId);
    await Promise.all(live.map((id) => this.stop(id, 'owner removed')));
  }

  /** Extends the keepalive expiry, never past the session's hard limit. */
  async keepalive(session: Session, keepaliveSeconds: number): Promise<Session> {
    if (!['provisioning', 'starting', 'running'].includes(session.state)) {
      throw new AppError('CONFLICT', `The session is ${session.state}`);
    }
    let expiresAt = new Date(Date.now() + keepaliveSeconds * 1000);
    if (session.hardExpiresAt && expiresAt > session.hardExpiresAt) expiresAt = session.hardExpiresAt;
    await this.sessions.setExpiry(session.id, expiresAt);
    return { ...session, expiresAt };
  }

  /** Starts sharing: one view-only link per session (re-sharing answers the same link). */
  /** `byLink`: a casting link with Enable Sharing shares its sessions whatever the client settings say. */
  async share(session: Session, byLink = false): Promise<ShareView> {
    if (!byLink && !session.clientSettings.allowSharing && !session.flags.sharing) {
      throw new AppError('CLIENT_SETTING_DENIED', 'Sharing is not allowed for this session');
    }
    const existing = await this.grants.findOne({
      where: { sessionId: session.id, kind: 'share', revokedAt: IsNull() },
    });
    const shareId = existing?.shareId ?? randomBytes(16).toString('hex');
    if (!existing) {
      await this.grants.save(
        this.grants.create({ sessionId: session.id, kind: 'share', shareId, viewOnly: true }),
      );
      await this.sessions.setSharing(session, true);
    }
    return { shareId, url: `#/share/${shareId}` };
  }

  /** Ends sharing: the link and every viewer who joined through it lose access at once. */
  async unshare(session: Session): Promise<void> {
    await this.grants.update(
      { sessionId: session.id, kind: 'share', revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    await this.sessions.setSharing(session, false);
    // Viewers that joined hold WebSockets open, on any replica: cut them now.
    await this.revocations.announce({ sessionId: session.id });
  }

  async findShare(shareId: string): Promise<{ grant: SessionGrantEntity; session: Session } | null> {
    if (!/^[0-9a-f]{32}$/.test(shareId)) return null;
    const grant = await this.grants.findOne({ where: { shareId, kind: 'share', revokedAt: IsNull() } });
    if (!grant) return null;
    const session = await this.sessions.getReachable(grant.sessionId);
    return session ? { grant, session } : null;
  }
}
