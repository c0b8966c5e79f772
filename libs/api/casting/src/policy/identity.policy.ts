import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '@caster/api/core';
import type { CastConfigEntity } from '../cast-config.entity';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { IdentifiedContext, LinkContext } from '../pipeline/cast-context';
import { isSignedIn } from './captcha.policy';

/** A link without anonymous access needs a signed-in caller. */
export function loginRequired(config: CastConfigEntity, principal: Principal | null): boolean {
  return !config.allowAnonymous && !isSignedIn(principal);
}

/**
 * Who is casting — the signed-in user, else (when the link allows it) a new anonymous account
 * made at launch. An earlier anonymous visitor's cookie does not make them "signed in": each
 * anonymous request gets its own account, as the specification says.
 */
@Injectable()
export class IdentityPolicy implements CastPolicy<LinkContext, IdentifiedContext> {
  readonly name = 'identity';

  check(ctx: LinkContext): IdentifiedContext {
    const p = ctx.principal;
    if (p && isSignedIn(p))
      return { ...ctx, identity: { kind: 'user', userId: p.userId, username: p.username } };
    if (loginRequired(ctx.config, p))
      throw new AppError('AUTH_REQUIRED', 'Sign in to open this casting link');
    return { ...ctx, identity: { kind: 'anonymous' } };
  }
}
