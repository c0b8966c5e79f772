import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import type { Principal } from '@caster/api/core';
import { UserSessionsPort, UsersService } from '@caster/api/users';
import { AuthTokenEntity } from './auth-token.entity';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const TOKEN_SHAPE = /^cst_[A-Za-z0-9_-]{43}$/;
/** last_used_at is a hint for admins; writing it on every request would double the queries. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * An anonymous (cast) token is worth only as much as its session: once the account has no live
 * session, the next request shortens the token to this grace — long enough for the viewer to read
 * how the session ended — and it is refused after that.
 */
export const ANONYMOUS_GRACE_MS = 2 * 60_000;

export interface IssuedToken {
  token: string;
  id: string;
  expiresAt: Date;
}

@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(AuthTokenEntity) private readonly tokens: Repository<AuthTokenEntity>,
    private readonly users: UsersService,
    private readonly sessions: UserSessionsPort,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  async issue(
    userId: string,
    kind: AuthTokenEntity['kind'] = 'login',
    ttlHours = this.config.auth.tokenTtlHours,
  ): Promise<IssuedToken> {
    const token = `cst_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
    // A plain INSERT: save() would wrap the one statement in its own transaction (two more round trips).
    // Issued counts as used, so the first request with it (a cast visitor's viewer, right away)
    // does not pay an UPDATE of lastUsedAt.
    const result = await this.tokens.insert({
      userId,
      tokenHash: hashToken(token),
      kind,
      expiresAt,
      lastUsedAt: new Date(),
    });
    return { token, id: (result.identifiers[0] as { id: string }).id, expiresAt };
  }

  /** The principal a token stands for, or null when it is unknown, expired, revoked or its user may not sign in. */
  async resolve(token: string, via: Principal['via']): Promise<Principal | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const row = await this.tokens.findOne({ where: { tokenHash: hashToken(token), revokedAt: IsNull() } });
    if (!row || row.expiresAt.getTime() <= Date.now()) return null;
    const user = await this.users.findById(row.userId);
    if (!user || user.disabled || user.locked) return null;
    if (user.anonymous && !(await this.anonymousStillLive(row))) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.tokens.update({ id: row.id }, { lastUsedAt: new Date() });
    }
    return {
      userId: user.id,
      username: user.username,
      role: user.role,
      anonymous: user.anonymous,
      tokenId: row.id,
      via,
    };
  }

  /** Whether an anonymous account's token may still be used (its session lives, or just ended). */
  private async anonymousStillLive(row: AuthTokenEntity): Promise<boolean> {
    if ((await this.sessions.countActive(row.userId)) > 0) return true;
    const graceEnd = Date.now() + ANONYMOUS_GRACE_MS;
    if (row.expiresAt.getTime() <= graceEnd) return true;
    // The session is over: the token ends with it (every stop path — owner, admin, reaper, failure).
    await this.tokens.update({ id: row.id }, { expiresAt: new Date(graceEnd) });
    row.expiresAt = new Date(graceEnd);
    return true;
  }

  async revoke(tokenId: string): Promise<void> {
    await this.tokens.update({ id: tokenId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Signs a user out everywhere but here (their own password change keeps the sign-in that made it). */
  async revokeAllExcept(userId: string, keepTokenId: string): Promise<void> {
    await this.tokens.update(
      { userId, revokedAt: IsNull(), id: Not(keepTokenId) },
      { revokedAt: new Date() },
    );
  }

  /** Signs a user out everywhere (disable, delete, an administrator's password change). */
  async revokeAllFor(userId: string): Promise<void> {
    await this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
