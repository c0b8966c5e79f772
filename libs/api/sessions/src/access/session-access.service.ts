import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import { readCookie } from '@caster/api/auth';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { GrantRevocations } from './grant-revocations';
import { SessionGrantEntity, type GrantKind } from './session-grant.entity';
import { SessionsRepository, type Session } from '../state/sessions.repository';

/** The host-only cookie that admits a browser to one session, on that session's own origin. */
export const SESSION_COOKIE = 'caster_session';
/** Where the session origin trades an entry code for that cookie. */
export const ENTER_PATH = '/.caster/enter';
/** How long an entry code may wait before it is traded. */
export const ENTRY_TTL_MS = 60_000;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const ENTRY_CODE = /^cse_[A-Za-z0-9_-]{43}$/;
const GRANT_TOKEN = /^css_[A-Za-z0-9_-]{43}$/;
const FINAL = new Set(['stopping', 'stopped', 'failed']);
const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

/** The `caster_session` cookie's token, if the request carries a well-formed one. */
export function sessionCookieToken(req: IncomingMessage): string | null {
  const token = readCookie(req, SESSION_COOKIE);
  return token && GRANT_TOKEN.test(token) ? token : null;
}

/** The key a grant token is cached under: its SHA-256, as stored (never the token itself). */
export const grantTokenHash = sha256;

export interface ProxyAccess {
  session: Session;
  viewOnly: boolean;
  /** The cookie's grant: what revocation looks for. */
  grantId: string;
  parentId: string | null;
  userId: string | null;
  /** When the grant or its parent share expires (epoch ms), null if neither does: caches stop there. */
  expiresAt: number | null;
}

/** What POST /api/sessions/:id/access, a share join or a connect hands the viewer. */
export interface SessionEntry {
  /** `<session origin>/.caster/enter?grant=<code>`: open it in the viewer's frame within a minute. */
  enterUrl: string;
  origin: string;
  expiresAt: string;
}

export interface EntryOptions {
  viewOnly: boolean;
  /** The share grant a viewer came through (revoking it revokes the viewer). */
  parentId?: string | null;
  /** Who is let in (owner, signed-in viewer); disabling them revokes it. */
  userId?: string | null;
}

/**
 * Who may reach a session's content: only a browser holding the `caster_session` cookie of that
 * session's own origin. The cookie comes from a single-use entry code (60 s) handed out by the
 * dashboard's API to the owner, a share viewer or a connect-link holder and traded on the session
 * origin, so no dashboard credential (Bearer, `caster_token`) ever admits anyone there.
 */
@Injectable()
export class SessionAccessService {
  constructor(
    private readonly sessions: SessionsRepository,
    @InjectRepository(SessionGrantEntity) private readonly grants: Repository<SessionGrantEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly revocations: GrantRevocations,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  async issueGrant(
    sessionId: string,
    kind: GrantKind,
    options: { viewOnly: boolean; parentId?: string | null; ttlHours?: number; userId?: string | null },
  ): Promise<{ token: string; grant: SessionGrantEntity }> {
    const expiresAt = options.ttlHours ? new Date(Date.now() + options.ttlHours * 3_600_000) : null;
    return this.createGrant('css_', sessionId, kind, { ...options, expiresAt });
  }

  /** A single-use entry code for the session, stored hashed, valid for a minute. */
  async issueEntry(sessionId: string, options: EntryOptions): Promise<SessionEntry> {
    const expiresAt = new Date(Date.now() + ENTRY_TTL_MS);
    const { token: code } = await this.createGrant('cse_', sessionId, 'enter', { ...options, expiresAt });
    const origin = this.config.sessions.originFor(sessionId);
    return {
      enterUrl: `${origin}${ENTER_PATH}?grant=${code}`,
      origin,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** A random secret with `prefix`, and its grant row holding only the secret's SHA-256. */
  private async createGrant(
    prefix: 'css_' | 'cse_',
    sessionId: string,
    kind: GrantKind,
    options: EntryOptions & { expiresAt: Date | null },
  ): Promise<{ token: string; grant: SessionGrantEntity }> {
    const token = `${prefix}${randomBytes(32).toString('base64url')}`;
    const grant = await this.grants.save(
      this.grants.create({
        sessionId,
        kind,
        tokenHash: sha256(token),
        viewOnly: options.viewOnly,
        parentId: options.parentId ?? null,
        userId: options.userId ?? null,
        expiresAt: options.expiresAt,
      }),
    );
    return { token, grant };
  }

  /**
   * Trades an entry code for the session's cookie grant. One UPDATE marks the code used, so two
   * racing trades cannot both win; a used, expired, unknown or foreign code answers null.
   */
  async consumeEntry(
    sessionId: string,
    code: string,
  ): Promise<{ token: string; grant: SessionGrantEntity } | null> {
    if (!ENTRY_CODE.test(code)) return null;
    const [rows] = await this.dataSource.query<
      [{ view_only: boolean; parent_id: string | null; user_id: string | null }[], number]
    >(
      `UPDATE session_grants SET revoked_at = now()
        WHERE token_hash = $1 AND kind = 'enter' AND session_id = $2
          AND revoked_at IS NULL AND expires_at > now()
        RETURNING view_only, parent_id, user_id`,
      [sha256(code), sessionId],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.parent_id && !(await this.isLive(row.parent_id))) return null;
    const session = await this.sessions.get(sessionId);
    if (!session || FINAL.has(session.state)) return null;
    return this.issueGrant(sessionId, 'origin', {
      viewOnly: row.view_only,
      parentId: row.parent_id,
      userId: row.user_id,
      ttlHours: this.config.auth.tokenTtlHours,
    });
  }

  /** The grant a token stands for, if it is live and its parent share (if any) is not revoked. */
  async grantFor(token: string): Promise<SessionGrantEntity | null> {
    if (!GRANT_TOKEN.test(token)) return null;
    const grant = await this.grants.findOne({ where: { tokenHash: sha256(token), revokedAt: IsNull() } });
    if (
      !grant ||
      grant.kind === 'enter' ||
      grant.kind === 'origin' ||
      (grant.expiresAt && grant.expiresAt.getTime() < Date.now())
    )
      return null;
    if (grant.parentId && !(await this.isLive(grant.parentId))) return null;
    return grant;
  }

  /** True while the grant and its parent (if any) are neither revoked nor expired. */
  async isLive(grantId: string): Promise<boolean> {
    return (await this.liveUntil(grantId)) !== false;
  }

  /** False if the grant or a parent is revoked or expired, else the earliest expiry (ms) or null. */
  private async liveUntil(grantId: string): Promise<number | null | false> {
    const grant = await this.grants.findOne({ where: { id: grantId, revokedAt: IsNull() } });
    if (!grant || (grant.expiresAt && grant.expiresAt.getTime() < Date.now())) return false;
    const own = grant.expiresAt?.getTime() ?? null;
    if (!grant.parentId) return own;
    const parent = await this.liveUntil(grant.parentId);
    if (parent === false) return false;
    return earliest(own, parent);
  }

  /**
   * The holder of this session origin's cookie, or null: nothing else admits anyone there — not a
   * Bearer, not the dashboard's cookie, not an integrator's session_token set as a cookie.
   */
  async resolve(req: IncomingMessage, sessionId: string): Promise<ProxyAccess | null> {
    const token = sessionCookieToken(req);
    return token ? this.resolveToken(token, sessionId) : null;
  }

  /** What the session cookie `token` admits to `sessionId`, straight from the database. */
  async resolveToken(token: string, sessionId: string): Promise<ProxyAccess | null> {
    if (!GRANT_TOKEN.test(token)) return null;
    const grant = await this.grants.findOne({
      where: { tokenHash: sha256(token), kind: 'origin', revokedAt: IsNull() },
    });
    if (!grant || grant.sessionId !== sessionId) return null;
    if (grant.expiresAt && grant.expiresAt.getTime() < Date.now()) return null;
    let expiresAt = grant.expiresAt?.getTime() ?? null;
    if (grant.parentId) {
      const parent = await this.liveUntil(grant.parentId);
      if (parent === false) return null;
      expiresAt = earliest(expiresAt, parent);
    }
    const session = await this.sessions.get(sessionId);
    if (!session) return null;
    return {
      session,
      viewOnly: grant.viewOnly,
      grantId: grant.id,
      parentId: grant.parentId,
      userId: grant.userId,
      expiresAt,
    };
  }

  /** A share ended (or a grant of this session was revoked): open viewers it admitted are cut. */
  revokedInSession(sessionId: string): Promise<void> {
    return this.revocations.announce({ sessionId });
  }

  /**
   * Revokes every grant handed to the user (their owner cookies, entry codes, signed-in share
   * joins) and cuts the viewers those grants hold open, on every replica. For disabling a user.
   */
  async revokeGrantsForUser(userId: string): Promise<number> {
    const result = await this.grants.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    // Awaited: when this answers, the other replicas' proxies have been told (and evict).
    await this.revocations.announce({ userId });
    return result.affected ?? 0;
  }
}
