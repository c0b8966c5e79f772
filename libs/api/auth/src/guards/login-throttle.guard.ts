import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError } from '@caster/api/core';

/**
 * Limits sign-in attempts per client IP and per username (so neither spraying one account from
 * many addresses nor many accounts from one address is cheap). Uses the throttler's storage, which
 * is Redis when REDIS_URL is set, so the limit holds across replicas.
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
    const username = typeof rawName === 'string' ? rawName.trim().toLowerCase().slice(0, 64) : '';

    const checks = [
      this.storage.increment(`login:ip:${req.ip ?? 'unknown'}`, ttl, loginLimitPerIp, ttl, 'login-ip'),
    ];
    if (username)
      checks.push(
        this.storage.increment(`login:user:${username}`, ttl, loginLimitPerUser, ttl, 'login-user'),
      );
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
