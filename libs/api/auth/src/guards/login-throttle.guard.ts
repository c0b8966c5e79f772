import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError, rateLimitKey, type RequestWithPrincipal } from '@caster/api/core';
import { normalizeUsername } from '@caster/api/users';

/** The storage keys one sign-in attempt counts against (exported for the unit test). */
export function loginThrottleKeys(
  ip: string | undefined,
  rawUsername: unknown,
  signedInUserId?: string,
): { ip: string; userAtIp?: string; account?: string } {
  const client = rateLimitKey(ip);
  // A password change: the caller is already signed in, and it is their account's current password
  // being guessed, from wherever the token is used — counted per account, not per address.
  if (signedInUserId) return { ip: `login:ip:${client}`, account: `login:password:${signedInUserId}` };
  const username = typeof rawUsername === 'string' ? normalizeUsername(rawUsername).slice(0, 64) : '';
  return {
    ip: `login:ip:${client}`,
    ...(username ? { userAtIp: `login:user-ip:${client}:${username}` } : {}),
  };
}

/**
 * Limits sign-in attempts per client address (LOGIN_LIMIT_PER_IP) and per username from that
 * address (LOGIN_LIMIT_PER_USER). The username counter is kept per address on purpose: counted
 * per username alone, a stranger's ten wrong passwords would lock the real user out from
 * everywhere. An IPv6 client counts by its /64, names after one normalisation (NFKC, trim,
 * lower case). On a password change (signed in: the global auth guard has run) the current
 * password is what is being guessed, so the second counter is the account's (LOGIN_LIMIT_PER_USER
 * per window from every address together): a stolen token used from many addresses still gets
 * that many guesses. Uses the throttler's storage, which is Redis when REDIS_URL is set, so the limits
 * hold across replicas.
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(
    private readonly storage: ThrottlerStorage,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const { loginLimitPerIp, loginLimitPerUser, loginWindowSeconds } = this.config.auth;
    const ttl = loginWindowSeconds * 1000;
    const body: unknown = req.body;
    const rawName =
      typeof body === 'object' && body !== null ? (body as { username?: unknown }).username : undefined;
    const principal = (req as RequestWithPrincipal).principal;
    const keys = loginThrottleKeys(req.ip, rawName, principal?.userId);

    const checks = [this.storage.increment(keys.ip, ttl, loginLimitPerIp, ttl, 'login-ip')];
    const perName = keys.account ?? keys.userAtIp;
    if (perName) checks.push(this.storage.increment(perName, ttl, loginLimitPerUser, ttl, 'login-user'));
    const results = await Promise.all(checks);
    const blocked = results.filter((r) => r.isBlocked);
    if (blocked.length > 0) {
      const retryAfter = Math.max(1, ...blocked.map((r) => r.timeToBlockExpire));
      throw new AppError(
        'RATE_LIMITED',
        'Too many sign-in attempts; try again later',
        { retryAfterSeconds: retryAfter },
        { 'Retry-After': String(retryAfter) },
      );
    }
    return true;
  }
}
