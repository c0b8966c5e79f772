import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import type { CastTestVisit } from '@caster/contracts';
import { CastTestVisitEntity } from './cast-test-visit.entity';

/** Long enough to copy the link into a private window and try it a few times. */
export const TEST_VISIT_TTL_MS = 60 * 60_000;
const TOKEN_SHAPE = /^ctv_[A-Za-z0-9_-]{43}$/;

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * "Open as a visitor". The visitor's browser is a private window, so nobody is signed in there:
 * the claim cannot be marked a test from who is calling. Instead an administrator mints a random
 * token for one link (stored hashed, valid an hour) and the link carries it; a cast presenting a
 * live token of that link is recorded as a test. A made-up or another link's token marks nothing,
 * and the token never changes what the visitor gets: it only labels the audit. Rotating the link's
 * key or disabling it ends its tokens (revokeAll).
 */
@Injectable()
export class CastTestVisits {
  constructor(
    @InjectRepository(CastTestVisitEntity) private readonly visits: Repository<CastTestVisitEntity>,
  ) {}

  async issue(castConfigId: string, adminId: string, now = new Date()): Promise<CastTestVisit> {
    await this.visits.delete({ expiresAt: LessThan(now) });
    const token = `ctv_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + TEST_VISIT_TTL_MS);
    await this.visits.insert({ castConfigId, tokenHash: hash(token), createdBy: adminId, expiresAt });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Ends every test token of a link: its key was rotated or it was disabled, so a test link handed
   * around before must not keep labelling visits once the link is live again.
   */
  async revokeAll(castConfigId: string): Promise<void> {
    await this.visits.delete({ castConfigId });
  }

  /** Whether `token` (anything the visitor sent) is a live test token of this link. */
  async isTest(castConfigId: string, token: unknown): Promise<boolean> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return false;
    return this.visits.exists({
      where: { castConfigId, tokenHash: hash(token), expiresAt: MoreThan(new Date()) },
    });
  }
}
