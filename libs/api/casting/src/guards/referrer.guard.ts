import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import { castContext, type CastHttpRequest } from '../cast-request';
import { referrerAllowed } from '../policy/referrer';

/**
 * Policy 2: Restrict to Referrers. The SPA passes `document.referrer` in the body (the browser's
 * Referer header names the SPA itself); a GET has only the header, or `?referrer=`.
 */
@Injectable()
export class ReferrerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<CastHttpRequest>();
    const { config } = castContext(req);
    if (config.allowedReferrers.length === 0) return true;
    const body: unknown = req.body;
    const fromBody =
      typeof body === 'object' && body !== null ? (body as { referrer?: unknown }).referrer : undefined;
    const fromQuery = req.query['referrer'];
    const referrer =
      typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : undefined;
    if (!referrerAllowed(referrer, config.allowedReferrers)) {
      throw new AppError('REFERRER_NOT_ALLOWED', 'This casting link cannot be opened from that site');
    }
    return true;
  }
}
