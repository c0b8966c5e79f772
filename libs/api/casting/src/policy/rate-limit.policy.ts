import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { AppError, rateLimitKey } from '@caster/api/core';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { LinkContext } from '../pipeline/cast-context';

/** The throttler storage key one cast counts against: per link, per client (IPv6 by its /64). */
export function castRateKey(castConfigId: string, ip: string): string {
  return `cast:${castConfigId}:${rateLimitKey(ip)}`;
}

/**
 * Limit Requests Per IP: limit and window from the link, counted in @nestjs/throttler's storage
 * (Redis when REDIS_URL is set, so the limit holds across replicas). Blocked for one window.
 */
@Injectable()
export class RateLimitPolicy implements CastPolicy<LinkContext> {
  readonly name = 'rate-limit';

  constructor(private readonly storage: ThrottlerStorage) {}

  async check(ctx: LinkContext): Promise<LinkContext> {
    const { config } = ctx;
    if (!config.limitIps || !config.ipRequestLimit || !config.ipRequestSeconds) return ctx;
    const ttl = config.ipRequestSeconds * 1000;
    const record = await this.storage.increment(
      castRateKey(config.id, ctx.ip),
      ttl,
      config.ipRequestLimit,
      ttl,
      'cast',
    );
    if (record.isBlocked) {
      const retryAfter = Math.max(1, Math.ceil(record.timeToBlockExpire));
      throw new AppError(
        'RATE_LIMITED',
        'Too many requests from your address for this link',
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
    const remaining = Math.max(0, config.ipRequestLimit - record.totalHits);
    return {
      ...ctx,
      rateHeaders: {
        'X-RateLimit-Limit': String(config.ipRequestLimit),
        'X-RateLimit-Remaining': String(remaining),
        'X-RateLimit-Reset': String(record.timeToExpire),
      },
    };
  }
}
