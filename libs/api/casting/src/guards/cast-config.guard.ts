import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import type { CastHttpRequest } from '../cast-request';
import { CastingService } from '../casting.service';

/** Policy 1: the link exists, is enabled, and its Valid Until has not passed. */
@Injectable()
export class CastConfigGuard implements CanActivate {
  constructor(private readonly casting: CastingService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CastHttpRequest>();
    const key = String(req.params['key'] ?? '');
    const config = await this.casting.findByKey(key);
    if (!config || !config.enabled) throw new AppError('CAST_NOT_FOUND', 'This casting link does not exist');
    req.cast = { config };
    if (config.validUntil && config.validUntil.getTime() <= Date.now()) {
      throw new AppError('CAST_EXPIRED', 'This casting link has expired');
    }
    return true;
  }
}
