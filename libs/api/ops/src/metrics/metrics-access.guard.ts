import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError, type RequestWithPrincipal } from '@caster/api/core';
import { ApiKeysService } from '@caster/api/auth';

/** Equal strings, in time that does not depend on where they differ (nor, via the digests, on length). */
export function sameSecret(presented: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** `Authorization: Basic base64(key:secret)`, else null. */
export function basicCredentials(header: string | undefined): { key: string; secret: string } | null {
  const encoded = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : null;
}

/**
 * Who may scrape /metrics (the route is @Public() for the global AuthGuard, which has already
 * identified a signed-in caller): Prometheus with `Authorization: Bearer <METRICS_TOKEN>` when one
 * is configured, an administrator's token or cookie, or a Developer API key holding global_admin
 * sent as HTTP Basic. Anyone else gets 401 (403 for a signed-in non-admin).
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const header = req.headers.authorization;
    const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    const token = this.config.metricsToken;
    if (bearer !== undefined && token !== null && sameSecret(bearer, token)) return true;
    if (req.principal) {
      if (req.principal.role === 'admin') return true;
      throw new AppError('FORBIDDEN', 'Administrators only');
    }
    const basic = basicCredentials(header);
    if (basic) {
      const key = await this.apiKeys.authenticate(basic.key, basic.secret);
      if (key.permissions.includes('global_admin')) return true;
      throw new AppError('FORBIDDEN', 'This API key lacks the permission: global_admin');
    }
    if (bearer !== undefined) throw new AppError('INVALID_CREDENTIALS', 'Invalid metrics or sign-in token');
    throw new AppError(
      'AUTH_REQUIRED',
      token === null
        ? 'Send an administrator token, or a global_admin API key as HTTP Basic'
        : 'Send Authorization: Bearer <METRICS_TOKEN>',
    );
  }
}
