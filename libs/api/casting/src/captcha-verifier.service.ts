import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '@caster/api/core';
import { SettingsService } from '@caster/api/settings';

const VERIFY_TIMEOUT_MS = 5_000;

/**
 * Server-side CAPTCHA verification with the configured provider's siteverify protocol (reCAPTCHA,
 * Turnstile and hCaptcha share it: POST secret, response, remoteip → { success }). A token is
 * accepted once; a verifier that cannot be reached refuses — it never lets a request through.
 */
@Injectable()
export class CaptchaVerifierService {
  private readonly logger = new Logger('Captcha');

  constructor(
    private readonly settings: SettingsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async verify(token: string | undefined, remoteIp: string): Promise<void> {
    if (!token) throw new AppError('CAPTCHA_REQUIRED', 'Complete the CAPTCHA first');
    const captcha = await this.settings.captcha();
    if (!captcha)
      throw new AppError('CAPTCHA_INVALID', 'CAPTCHA is required but not configured on this server', {
        reason: 'not_configured',
      });

    // Single use: the first request to present a token claims it, whatever the verifier says later.
    const hash = createHash('sha256').update(token).digest('hex');
    // (TypeORM answers an INSERT … RETURNING with the rows themselves.)
    const rows = await this.dataSource.query<unknown[]>(
      'INSERT INTO captcha_tokens (token_hash) VALUES ($1) ON CONFLICT DO NOTHING RETURNING token_hash',
      [hash],
    );
    if (rows.length === 0)
      throw new AppError('CAPTCHA_INVALID', 'This CAPTCHA answer was already used', { reason: 'replayed' });

    let success = false;
    try {
      const res = await fetch(captcha.verifyUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ secret: captcha.secretKey, response: token, remoteip: remoteIp }),
        signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
      });
      const body = (await res.json().catch(() => ({}))) as { success?: unknown };
      success = res.ok && body.success === true;
    } catch (e) {
      this.logger.warn(`CAPTCHA verifier unreachable: ${String(e)}`);
      throw new AppError('CAPTCHA_INVALID', 'The CAPTCHA could not be verified right now; try again', {
        reason: 'verifier_unreachable',
      });
    }
    if (!success)
      throw new AppError('CAPTCHA_INVALID', 'The CAPTCHA answer was not accepted', { reason: 'rejected' });
  }
}
