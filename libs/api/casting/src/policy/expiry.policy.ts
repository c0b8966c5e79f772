import { Injectable } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { LinkContext } from '../pipeline/cast-context';

/** Valid Until: from that instant on the link answers CAST_EXPIRED (with its Error URL). */
@Injectable()
export class ExpiryPolicy implements CastPolicy<LinkContext> {
  readonly name = 'expiry';

  check(ctx: LinkContext, now = Date.now()): LinkContext {
    const { validUntil } = ctx.config;
    if (validUntil && validUntil.getTime() <= now) {
      throw new AppError('CAST_EXPIRED', 'This casting link has expired');
    }
    return ctx;
  }
}
