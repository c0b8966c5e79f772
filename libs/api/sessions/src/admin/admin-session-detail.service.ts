import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, type Repository } from 'typeorm';
import type { AdminSessionDetail, AdminSessionView, JoinShareResponse } from '@caster/contracts';
import { AppError, sessionLog } from '@caster/api/core';
import { UsersService } from '@caster/api/users';
import { SessionAccessService } from '../access/session-access.service';
import { SessionGrantEntity } from '../access/session-grant.entity';
import { CastLinkLookup, WorkspaceLookup } from '../ports';
import { SessionsService } from '../sessions.service';
import { SessionsRepository, type Session } from '../state/sessions.repository';
import { REACHABLE_STATES } from '../state/session-transitions';
import { SessionThumbnailsService, type Thumbnail } from '../thumbnail/session-thumbnails.service';

/** Who the acting administrator is, for the history and the log. */
export interface AdminActor {
  userId: string;
  username: string;
}

/** The admin's session detail page, their view-only look into a live session, its thumbnail. */
@Injectable()
export class AdminSessionDetailService {
  private readonly logger = new Logger('AdminSessions');

  constructor(
    private readonly sessions: SessionsService,
    private readonly repo: SessionsRepository,
    private readonly users: UsersService,
    private readonly access: SessionAccessService,
    private readonly workspaces: WorkspaceLookup,
    private readonly castLinks: CastLinkLookup,
    private readonly thumbnails: SessionThumbnailsService,
    @InjectRepository(SessionGrantEntity) private readonly grants: Repository<SessionGrantEntity>,
  ) {}

  async adminView(s: Session, usernames: Map<string, string>): Promise<AdminSessionView> {
    return {
      ...(await this.sessions.view(s)),
      username: s.userId ? (usernames.get(s.userId) ?? '') : '',
      agentId: s.agentId,
      containerId: s.containerId,
      castConfigId: s.castConfigId,
      ...(s.connection ? { connection: s.connection, serverId: s.serverId } : {}),
    };
  }

  private async found(id: string): Promise<Session> {
    const s = await this.sessions.get(id);
    if (!s) throw new AppError('NOT_FOUND', 'Session not found');
    return s;
  }

  async detail(id: string): Promise<AdminSessionDetail> {
    const s = await this.found(id);
    const [history, grants, cast, workspace] = await Promise.all([
      this.repo.historyOf(id),
      this.grants.find({ where: { sessionId: id, kind: Not('enter') }, order: { createdAt: 'DESC' } }),
      s.castConfigId ? this.castLinks.castOf(id, s.castConfigId).catch(() => null) : Promise.resolve(null),
      this.workspaces.forLaunch(s.workspaceId),
    ]);
    const names = await this.users.usernamesOf(
      [s.userId, ...history.map((h) => h.actorId), ...grants.map((g) => g.userId)].filter((x): x is string =>
        Boolean(x),
      ),
    );
    const name = (uid: string | null): string | null => (uid ? (names.get(uid) ?? null) : null);
    return {
      ...(await this.adminView(s, names)),
      stoppedAt: s.stoppedAt?.toISOString() ?? null,
      link: s.castConfigId ? { id: s.castConfigId, name: cast?.linkName ?? null } : null,
      clientIp: cast?.clientIp ?? null,
      history: history.map((h) => ({
        at: h.at.toISOString(),
        kind: h.kind,
        fromState: h.fromState,
        toState: h.toState,
        reason: h.reason,
        actorId: h.actorId,
        actorName: name(h.actorId),
      })),
      grants: grants.map((g) => ({
        id: g.id,
        kind: g.kind,
        viewOnly: g.viewOnly,
        userId: g.userId,
        username: name(g.userId),
        createdAt: g.createdAt.toISOString(),
        expiresAt: g.expiresAt?.toISOString() ?? null,
        revokedAt: g.revokedAt?.toISOString() ?? null,
      })),
      thumbnailAvailable: SessionThumbnailsService.capturable(s, workspace?.type ?? null),
    };
  }

  /**
   * A view-only way into anyone's live session, through the share machinery: a single-use entry
   * code for the administrator (their own grant, so disabling them cuts it), which the session
   * origin trades for a view-only cookie. The relay drops every input of a view-only viewer; the
   * owner's own grant is untouched. Audited: a log line and a line in the session's history.
   */
  async viewAsAdmin(id: string, actor: AdminActor): Promise<JoinShareResponse> {
    const s = await this.found(id);
    if (!REACHABLE_STATES.includes(s.state))
      throw new AppError('CONFLICT', `The session is ${s.state}: there is nothing to watch`);
    // The record first: if it cannot be written, no way in is issued (an unaudited view never exists).
    await this.repo.recordAdminAction(id, 'admin-view', actor.userId, `view-only, by ${actor.username}`);
    const entry = await this.access.issueEntry(id, { viewOnly: true, userId: actor.userId });
    this.logger.log(
      sessionLog(id, 'an administrator opened it view-only', {
        admin: actor.username,
        adminId: actor.userId,
        owner: s.userId,
      }),
    );
    return { sessionId: id, viewOnly: true, viewerUrl: `${entry.origin}/`, ...entry, flags: s.flags };
  }

  async stopAsAdmin(id: string, actor: AdminActor): Promise<void> {
    const s = await this.found(id);
    const live = !['stopped', 'failed'].includes(s.state);
    if (live) await this.repo.recordAdminAction(id, 'admin-stop', actor.userId, `by ${actor.username}`);
    await this.sessions.stop(id, `stopped by an administrator (${actor.username})`);
    this.thumbnails.forget(id);
    if (live) this.logger.log(sessionLog(id, 'stopped by an administrator', { admin: actor.username }));
  }

  async thumbnail(id: string): Promise<Thumbnail> {
    const s = await this.found(id);
    const workspace = await this.workspaces.forLaunch(s.workspaceId);
    return this.thumbnails.get(s, workspace?.type ?? null);
  }
}
