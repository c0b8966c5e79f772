import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import { castContext, type CastHttpRequest } from '../cast-request';

/**
 * Policy 5: who is casting — the signed-in user, else (when the link allows it) a new anonymous
 * account made at launch. An earlier anonymous visitor's cookie does not make them "signed in":
 * each anonymous request gets its own account, as the specification says.
 */
@Injectable()
export class CastIdentityGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<CastHttpRequest>();
    const cast = castContext(req);
    const p = req.principal;
    if (p && !p.anonymous) {
      cast.identity = { kind: 'user', userId: p.userId, username: p.username };
      return true;
    }
    if (cast.config.allowAnonymous) {
      cast.identity = { kind: 'anonymous' };
      return true;
    }
    throw new AppError('AUTH_REQUIRED', 'Sign in to open this casting link');
  }
}
