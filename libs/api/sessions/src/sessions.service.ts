import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type DataSource, type Repository } from 'typeorm';
import {
  ACTIVE_SESSION_STATES,
  type SessionState,
  type SessionView,
  type ShareView,
} from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError, sessionLog } from '@caster/api/core';
import { AgentsService } from './agents.service';
import { WorkspaceLookup } from './ports';
import { GrantRevocations } from './grant-revocations';
import { ProvisionerService } from './provisioner.service';
import { SessionAccessService } from './session-access.service';
import { SessionGrantEntity } from './session-grant.entity';
import { toSessionView } from './session-view';
import { SessionEntity } from './session.entity';

const LIVE: SessionState[] = [...ACTIVE_SESSION_STATES, 'staged'];

/** Reading, stopping, keeping alive and sharing sessions. Launching lives in SessionLaunchService. */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger('Sessions');

  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(SessionGrantEntity) private readonly grants: Repository<SessionGrantEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspaceLookup,
    private readonly agents: AgentsService,
    private readonly provisioner: ProvisionerService,
    private readonly revocations: GrantRevocations,
    private readonly access: SessionAccessService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  /** The caller's own session; anyone else's is "not found", never "forbidden". */
  async ownedBy(userId: string, id: string): Promise<SessionEntity> {
    const session = await this.sessions.findOne({ where: { id, userId } });
    if (!session) throw new AppError('NOT_FOUND', 'Session not found');
    return session;
  }

  async get(id: string): Promise<SessionEntity | null> {
    return this.sessions.findOne({ where: { id } });
  }

  async view(session: SessionEntity): Promise<SessionView> {
    const workspace = await this.workspaces.forLaunch(session.workspaceId);
    const share = await this.grants.findOne({
      where: { sessionId: session.id, kind: 'share', revokedAt: IsNull() },
    });
    return toSessionView(session, workspace, share?.shareId ?? null, this.config.sessions);
  }

  async listFor(userId: string): Promise<SessionEntity[]> {
    return this.sessions.find({ where: { userId, state: In(LIVE) }, order: { createdAt: 'DESC' } });
  }

  /** Every user's sessions that are not over (staged ones excluded), newest first. */
  async listLive(): Promise<SessionEntity[]> {
    return this.sessions.find({
      where: { state: In([...ACTIVE_SESSION_STATES]) },
      order: { createdAt: 'DESC' },
    });
  }

  async countActive(userId: string): Promise<number> {
    return this.sessions.count({ where: { userId, state: In([...ACTIVE_SESSION_STATES]) } });
  }

  async withActiveSessions(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.sessions.find({
      select: { userId: true },
      where: { userId: In([...userIds]), state: In([...ACTIVE_SESSION_STATES]) },
    });
    return new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null));
  }

  /** Stops a session and removes its container. Idempotent. */
  async stop(id: string, reason: string | null = null): Promise<void> {
    const [rows] = await this.dataSource.query<
      [{ container_id: string | null; agent_id: string | null }[], number]
    >(
      `UPDATE sessions SET state = 'stopping', updated_at = now() WHERE id = $1 AND state = ANY($2) RETURNING container_id, agent_id`,
      [id, ['staged', 'provisioning', 'starting', 'running']],
    );
    const row = rows[0];
    if (!row) return;
    this.provisioner.transitionEvent(id, 'stopping');
    if (row.container_id) {
      try {
        await this.agents.get(row.agent_id)?.remove(row.container_id);
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
    const live = await this.sessions.find({ select: { id: true }, where: { userId, state: In(LIVE) } });
    await Promise.all(live.map((s) => this.stop(s.id, 'owner removed')));
  }

  /** Extends the keepalive expiry, never past the session's hard limit. */
  async keepalive(session: SessionEntity, keepaliveSeconds: number): Promise<SessionEntity> {
    if (!['provisioning', 'starting', 'running'].includes(session.state)) {
      throw new AppError('CONFLICT', `The session is ${session.state}`);
    }
    let expiresAt = new Date(Date.now() + keepaliveSeconds * 1000);
    if (session.hardExpiresAt && expiresAt > session.hardExpiresAt) expiresAt = session.hardExpiresAt;
    await this.sessions.update({ id: session.id }, { expiresAt });
    return { ...session, expiresAt };
  }

  /** Starts sharing: one view-only link per session (re-sharing answers the same link). */
  /** `byLink`: a casting link with Enable Sharing shares its sessions whatever the client settings say. */
  async share(session: SessionEntity, byLink = false): Promise<ShareView> {
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
      await this.sessions.update({ id: session.id }, { flags: { ...session.flags, sharing: true } });
    }
    return { shareId, url: `#/share/${shareId}` };
  }

  /** Ends sharing: the link and every viewer who joined through it lose access at once. */
  async unshare(session: SessionEntity): Promise<void> {
    await this.grants.update(
      { sessionId: session.id, kind: 'share', revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    await this.sessions.update({ id: session.id }, { flags: { ...session.flags, sharing: false } });
    // Viewers that joined hold WebSockets open, on any replica: cut them now.
    await this.revocations.announce({ sessionId: session.id });
  }

  async findShare(shareId: string): Promise<{ grant: SessionGrantEntity; session: SessionEntity } | null> {
    if (!/^[0-9a-f]{32}$/.test(shareId)) return null;
    const grant = await this.grants.findOne({ where: { shareId, kind: 'share', revokedAt: IsNull() } });
    if (!grant) return null;
    const session = await this.sessions.findOne({
      where: { id: grant.sessionId, state: In(['provisioning', 'starting', 'running']) },
    });
    return session ? { grant, session } : null;
  }
}
