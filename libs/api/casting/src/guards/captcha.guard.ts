import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CaptchaVerifierService } from '../captcha-verifier.service';
import { castContext, type CastHttpRequest } from '../cast-request';

/** Policy 4: CAPTCHA, only when the link allows anonymous access and requires it. Signed-in users skip it. */
@Injectable()
export class CaptchaGuard implements CanActivate {
  constructor(private readonly verifier: CaptchaVerifierService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CastHttpRequest>();
    const { config } = castContext(req);
    if (!config.allowAnonymous || !config.requireCaptcha) return true;
    if (req.principal && !req.principal.anonymous) return true;
    const body: unknown = req.body;
    const token =
      typeof body === 'object' && body !== null
        ? (body as { captchaToken?: unknown }).captchaToken
        : undefined;
    await this.verifier.verify(
      typeof token === 'string' && token.length > 0 ? token : undefined,
      req.ip ?? '',
    );
    return true;
  }
}
