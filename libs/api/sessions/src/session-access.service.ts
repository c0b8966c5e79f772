import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { IncomingMessage } from 'node:http';
import { IsNull, Repository } from 'typeorm';
import { AUTH_COOKIE } from '@caster/contracts';
import { TokensService, readCookie } from '@caster/api/auth';
import { SessionGrantEntity, type GrantKind } from './session-grant.entity';
import { SessionEntity } from './session.entity';

/** Cookie that admits a browser to one session; scoped to that session's proxy path. */
export const SESSION_COOKIE = 'caster_session';
export const sessionCookiePath = (sessionId: string): string => `/session/${sessionId}/`;
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface ProxyAccess {
  session: SessionEntity;
  viewOnly: boolean;
}

/**
 * Decides who may reach a session through /session/:id: its owner (bearer token or the SPA's sign-in
 * cookie), or the holder of a grant for exactly this session (viewer cookie from a share link, an
 * integrator's connect token). Everyone else is told the session does not exist.
 */
@Injectable()
export class SessionAccessService {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(SessionGrantEntity) private readonly grants: Repository<SessionGrantEntity>,
    private readonly tokens: TokensService,
  ) {}

  async issueGrant(
    sessionId: string,
    kind: GrantKind,
    options: { viewOnly: boolean; parentId?: string; ttlHours?: number },
  ): Promise<{ token: string; grant: SessionGrantEntity }> {
    const token = `css_${randomBytes(32).toString('base64url')}`;
    const grant = await this.grants.save(
      this.grants.create({
        sessionId,
        kind,
        tokenHash: sha256(token),
        viewOnly: options.viewOnly,
        parentId: options.parentId ?? null,
        expiresAt: options.ttlHours ? new Date(Date.now() + options.ttlHours * 3_600_000) : null,
      }),
    );
    return { token, grant };
  }

  /** The grant a token stands for, if it is live and its parent share (if any) is not revoked. */
  async grantFor(token: string): Promise<SessionGrantEntity | null> {
    if (!/^css_[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const grant = await this.grants.findOne({ where: { tokenHash: sha256(token), revokedAt: IsNull() } });
    if (!grant || (grant.expiresAt && grant.expiresAt.getTime() < Date.now())) return null;
    if (grant.parentId) {
      const parent = await this.grants.findOne({ where: { id: grant.parentId, revokedAt: IsNull() } });
      if (!parent) return null;
    }
    return grant;
  }

  async resolve(req: IncomingMessage, sessionId: string): Promise<ProxyAccess | null> {
    const session = await this.sessions.findOne({ where: { id: sessionId } });
    if (!session) return null;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const userToken = bearer ?? readCookie(req, AUTH_COOKIE);
    if (userToken && session.userId) {
      const principal = await this.tokens.resolve(userToken, bearer ? 'bearer' : 'cookie');
      if (principal?.userId === session.userId) return { session, viewOnly: false };
    }
    const grantToken = readCookie(req, SESSION_COOKIE);
    if (grantToken) {
      const grant = await this.grantFor(grantToken);
      if (grant && grant.sessionId === sessionId) return { session, viewOnly: grant.viewOnly };
    }
    return null;
  }
}
