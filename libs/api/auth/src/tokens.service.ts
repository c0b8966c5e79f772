import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import type { Principal } from '@caster/api/core';
import { UsersService } from '@caster/api/users';
import { AuthTokenEntity } from './auth-token.entity';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const TOKEN_SHAPE = /^cst_[A-Za-z0-9_-]{43}$/;
/** last_used_at is a hint for admins; writing it on every request would double the queries. */
const TOUCH_INTERVAL_MS = 60_000;

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
    const result = await this.tokens.insert({ userId, tokenHash: hashToken(token), kind, expiresAt });
    return { token, id: (result.identifiers[0] as { id: string }).id, expiresAt };
  }

  /** The principal a token stands for, or null when it is unknown, expired, revoked or its user may not sign in. */
  async resolve(token: string, via: Principal['via']): Promise<Principal | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const row = await this.tokens.findOne({ where: { tokenHash: hashToken(token), revokedAt: IsNull() } });
    if (!row || row.expiresAt.getTime() <= Date.now()) return null;
    const user = await this.users.findById(row.userId);
    if (!user || user.disabled || user.locked) return null;
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

  async revoke(tokenId: string): Promise<void> {
    await this.tokens.update({ id: tokenId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Signs a user out everywhere (disable, delete, password change). */
  async revokeAllFor(userId: string): Promise<void> {
    await this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
