import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import { AppError, rateLimitKey } from '@caster/api/core';
import { castContext, type CastHttpRequest } from '../cast-request';

/**
 * Policy 3: Limit Requests Per IP, with @nestjs/throttler. Limit and window come from the link;
 * the tracker is the client IP (X-Forwarded-For only from trusted proxies: Express's req.ip; an
 * IPv6 client by its /64); the key is link + IP; storage is Redis when configured, so the limit holds across replicas.
 */
@Injectable()
export class CastRateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const req = props.context.switchToHttp().getRequest<CastHttpRequest>();
    const { config } = castContext(req);
    if (!config.limitIps || !config.ipRequestLimit || !config.ipRequestSeconds) return true;
    const ttl = config.ipRequestSeconds * 1000;
    return super.handleRequest({
      ...props,
      limit: config.ipRequestLimit,
      ttl,
      blockDuration: ttl,
      getTracker: (r) => this.getTracker(r),
      generateKey: (ctx, suffix) => this.generateKey(ctx, suffix),
    });
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    // IPv6 visitors count by their /64, which one subscriber can rotate through freely.
    return Promise.resolve(rateLimitKey((req as unknown as CastHttpRequest).ip));
  }

  protected override generateKey(context: ExecutionContext, suffix: string): string {
    const { config } = castContext(context.switchToHttp().getRequest<CastHttpRequest>());
    return `cast:${config.id}:${suffix}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new AppError(
      'RATE_LIMITED',
      'Too many requests from your address for this link',
      { retryAfterSeconds: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
}
