import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyPrincipal } from '@caster/api/auth';
import type { RequestWithApiKey } from './api-key.guard';

/** The API key ApiKeyGuard accepted for this request. */
export const CurrentApiKey = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): ApiKeyPrincipal => {
    const key = ctx.switchToHttp().getRequest<RequestWithApiKey>().apiKey;
    if (!key) throw new Error('CurrentApiKey used on a route without ApiKeyGuard');
    return key;
  },
);
