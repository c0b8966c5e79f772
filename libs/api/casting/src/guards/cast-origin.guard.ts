import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AUTH_COOKIE } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { readCookie } from '@caster/api/auth';
import { AppError } from '@caster/api/core';

/** The dashboard's own origin: PUBLIC_URL when set, else the host this request was sent to. */
export function dashboardOrigin(req: Request, publicUrl: string | null): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${req.protocol}://${req.headers.host ?? ''}`;
}

/**
 * Policy 0 of `POST /api/cast/:key`: a cast is a JSON request, and one that carries the dashboard's
 * sign-in cookie must come from the dashboard itself. Otherwise any site could make a signed-in
 * administrator's browser cast (a `text/plain` form needs no preflight) and swap their sign-in for
 * a stranger's anonymous account. Requests without cookies (integrators, curl) are not affected.
 */
@Injectable()
export class CastOriginGuard implements CanActivate {
  constructor(@Inject(CASTER_CONFIG) private readonly config: CasterConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('application/json'))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the cast request as application/json');
    if (readCookie(req, AUTH_COOKIE) === undefined) return true;
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const foreignOrigin = origin !== undefined && origin !== dashboardOrigin(req, this.config.publicUrl);
    if (foreignOrigin || site === 'cross-site' || site === 'same-site')
      throw new AppError('FORBIDDEN', 'A casting link opened from another site cannot use this sign-in');
    return true;
  }
}
