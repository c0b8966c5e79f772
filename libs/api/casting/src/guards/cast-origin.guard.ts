import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AUTH_COOKIE } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { readCookie } from '@caster/api/auth';
import { AppError } from '@caster/api/core';

/**
 * Whether `origin` is the dashboard's own: PUBLIC_URL's origin when it is set; otherwise the host
 * the request was sent to (the scheme is left out: behind a TLS-terminating proxy the API itself
 * sees http), or the X-Forwarded-Host a trusted proxy passed on.
 */
export function isDashboardOrigin(req: Request, origin: string, publicUrl: string | null): boolean {
  if (publicUrl) return origin === new URL(publicUrl).origin;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === req.headers.host) return true;
  const forwarded = req.ips.length > 0 ? req.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return forwarded !== undefined && host === forwarded;
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
    const foreignOrigin = origin !== undefined && !isDashboardOrigin(req, origin, this.config.publicUrl);
    if (foreignOrigin || site === 'cross-site' || site === 'same-site')
      throw new AppError('FORBIDDEN', 'A casting link opened from another site cannot use this sign-in');
    return true;
  }
}
