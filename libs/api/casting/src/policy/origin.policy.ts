import { Inject, Injectable } from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError } from '@caster/api/core';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { CastInput } from '../pipeline/cast-context';

/**
 * Whether `origin` is the dashboard's own: PUBLIC_URL's origin when it is set; otherwise the host
 * the request was sent to (the scheme is left out: behind a TLS-terminating proxy the API itself
 * sees http), or the X-Forwarded-Host a trusted proxy passed on.
 */
export function isDashboardOrigin(
  http: Pick<CastInput['http'], 'host' | 'forwardedHost'>,
  origin: string,
  publicUrl: string | null,
): boolean {
  if (publicUrl) return origin === new URL(publicUrl).origin;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === http.host) return true;
  return http.forwardedHost !== undefined && host === http.forwardedHost;
}

/**
 * A cast is a JSON request, and one that carries the dashboard's sign-in cookie must come from
 * the dashboard itself. Otherwise any site could make a signed-in administrator's browser cast
 * (a `text/plain` form needs no preflight) and swap their sign-in for a stranger's anonymous
 * account. Requests without cookies (integrators, curl) are not affected.
 */
@Injectable()
export class OriginPolicy implements CastPolicy<CastInput> {
  readonly name = 'origin';

  constructor(@Inject(CASTER_CONFIG) private readonly config: CasterConfig) {}

  check(ctx: CastInput): CastInput {
    const { http } = ctx;
    if (!http.isJson)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the cast request as application/json');
    if (!http.hasAuthCookie) return ctx;
    const foreignOrigin =
      http.origin !== undefined && !isDashboardOrigin(http, http.origin, this.config.publicUrl);
    if (foreignOrigin || http.fetchSite === 'cross-site' || http.fetchSite === 'same-site')
      throw new AppError('FORBIDDEN', 'A casting link opened from another site cannot use this sign-in');
    return ctx;
  }
}
