import { Injectable } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { LinkContext } from '../pipeline/cast-context';
import { referrerAllowed } from './referrer';

/**
 * Restrict to Referrers. The SPA passes `document.referrer` in the body (the browser's Referer
 * header names the SPA itself); the info request has only `?referrer=`.
 */
@Injectable()
export class ReferrerPolicy implements CastPolicy<LinkContext> {
  readonly name = 'referrer';

  check(ctx: LinkContext): LinkContext {
    const { allowedReferrers } = ctx.config;
    if (allowedReferrers.length === 0) return ctx;
    if (!referrerAllowed(ctx.body.referrer ?? ctx.queryReferrer, allowedReferrers)) {
      throw new AppError('REFERRER_NOT_ALLOWED', 'This casting link cannot be opened from that site');
    }
    return ctx;
  }
}
