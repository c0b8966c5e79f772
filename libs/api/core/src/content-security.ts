import { Injectable } from '@nestjs/common';

/** Third-party origins each CAPTCHA provider's widget loads scripts and frames from. */
const PROVIDER_ORIGINS: Record<string, string[]> = {
  recaptcha: ['https://www.google.com', 'https://www.gstatic.com', 'https://www.recaptcha.net'],
  turnstile: ['https://challenges.cloudflare.com'],
  hcaptcha: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
};

/**
 * Origins the dashboard's Content-Security-Policy must allow besides its own: those of the
 * configured CAPTCHA widget. Kept in memory and read synchronously by helmet on every response;
 * the settings module updates it whenever the CAPTCHA settings are loaded or changed.
 */
@Injectable()
export class ContentSecurityExtras {
  private origins: string[] = [];

  get captchaOrigins(): readonly string[] {
    return this.origins;
  }

  useCaptcha(provider: string | null, scriptUrl: string | null): void {
    const origins = new Set(provider ? (PROVIDER_ORIGINS[provider] ?? []) : []);
    if (provider && scriptUrl) {
      try {
        const url = new URL(scriptUrl);
        if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
      } catch {
        // an invalid URL was refused when saved; nothing to allow
      }
    }
    this.origins = [...origins];
  }
}
