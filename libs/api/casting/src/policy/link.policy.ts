import { Injectable } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import { CastingService } from '../casting.service';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { BodyContext, LinkContext } from '../pipeline/cast-context';

/** The link exists and is enabled (else CAST_NOT_FOUND, the same for both: nothing to probe). */
@Injectable()
export class LinkPolicy implements CastPolicy<BodyContext, LinkContext> {
  readonly name = 'link';

  constructor(private readonly casting: CastingService) {}

  async check(ctx: BodyContext): Promise<LinkContext> {
    const config = await this.casting.findByKey(ctx.key);
    if (!config || !config.enabled) throw new AppError('CAST_NOT_FOUND', 'This casting link does not exist');
    return { ...ctx, config };
  }
}
