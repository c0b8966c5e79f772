import { Injectable } from '@nestjs/common';
import type { Principal } from '@caster/api/core';
import { CaptchaVerifierService } from '../captcha-verifier.service';
import type { CastConfigEntity } from '../cast-config.entity';
import type { CastPolicy } from '../pipeline/cast-policy';
import type { LinkContext } from '../pipeline/cast-context';

/** A signed-in (not anonymous) caller. */
export function isSignedIn(principal: Principal | null): boolean {
  return principal !== null && !principal.anonymous;
}

/** The CAPTCHA applies to anonymous visitors of a link that allows them and requires it. */
export function captchaRequired(config: CastConfigEntity, principal: Principal | null): boolean {
  return config.allowAnonymous && config.requireCaptcha && !isSignedIn(principal);
}

/** CAPTCHA: the widget's token verified with the configured provider (CAPTCHA_FAILED otherwise). */
@Injectable()
export class CaptchaPolicy implements CastPolicy<LinkContext> {
  readonly name = 'captcha';

  constructor(private readonly verifier: CaptchaVerifierService) {}

  async check(ctx: LinkContext): Promise<LinkContext> {
    if (!captchaRequired(ctx.config, ctx.principal)) return ctx;
    const token = ctx.body.captchaToken;
    await this.verifier.verify(token && token.length > 0 ? token : undefined, ctx.ip);
    return ctx;
  }
}
