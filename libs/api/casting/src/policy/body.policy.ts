import { Injectable } from '@nestjs/common';
import { createValidationPipe } from '@caster/api/core';
import { CastRequestDto } from '../dto/cast-config.dto';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { BodyContext, CastInput } from '../pipeline/cast-context';

/**
 * The body, validated before any policy reads it, with the API's own validation rules (unknown
 * fields refused, types checked): 400 VALIDATION_FAILED otherwise. The policies after it read the
 * typed `body`, never the raw one.
 */
@Injectable()
export class BodyPolicy implements CastPolicy<CastInput, BodyContext> {
  readonly name = 'body';
  private readonly pipe = createValidationPipe();

  async check(ctx: CastInput): Promise<BodyContext> {
    const dto = (await this.pipe.transform(ctx.rawBody ?? {}, {
      type: 'body',
      metatype: CastRequestDto,
    })) as CastRequestDto;
    return {
      ...ctx,
      body: {
        params: dto.params,
        referrer: dto.referrer,
        captchaToken: dto.captchaToken,
        testToken: dto.testToken,
      },
    };
  }
}
