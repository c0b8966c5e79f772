export type CaptchaProvider = 'recaptcha' | 'turnstile' | 'hcaptcha';
export const CAPTCHA_PROVIDERS: readonly CaptchaProvider[] = ['recaptcha', 'turnstile', 'hcaptcha'];

/** Each provider's official endpoints, used when the settings leave the URLs empty. */
export const CAPTCHA_PROVIDER_DEFAULTS: Record<CaptchaProvider, { verifyUrl: string; scriptUrl: string }> = {
  recaptcha: {
    verifyUrl: 'https://www.google.com/recaptcha/api/siteverify',
    scriptUrl: 'https://www.google.com/recaptcha/api.js',
  },
  turnstile: {
    verifyUrl: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    scriptUrl: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
  },
  hcaptcha: {
    verifyUrl: 'https://api.hcaptcha.com/siteverify',
    scriptUrl: 'https://js.hcaptcha.com/1/api.js',
  },
};

export interface SessionDefaults {
  /** How long provisioning may take before a session is marked failed. */
  launchTimeoutSeconds: number;
  /** How long stopped and failed sessions stay listed before they are purged. */
  stoppedSessionRetentionHours: number;
}

export const DEFAULT_SESSION_DEFAULTS: SessionDefaults = {
  launchTimeoutSeconds: 120,
  stoppedSessionRetentionHours: 24,
};

export const DEFAULT_ANONYMOUS_USER_EXPIRATION_HOURS = 8;

/** GET /api/admin/settings. The CAPTCHA secret is write-only: only whether it is set is answered. */
export interface ServerSettings {
  captchaProvider: CaptchaProvider | null;
  captchaSiteKey: string | null;
  captchaSecretKeySet: boolean;
  /** null = the provider's official siteverify URL. */
  captchaVerifyUrl: string | null;
  /** null = the provider's official widget script. */
  captchaScriptUrl: string | null;
  /** CIDR ranges (or single addresses) whose X-Forwarded-For is believed; applied at once. */
  trustedProxies: string[];
  /** Anonymous users older than this, without a running session, are removed. */
  anonymousUserExpirationHours: number;
  sessionDefaults: SessionDefaults;
}

/**
 * PUT /api/admin/settings: only the fields sent change. `captchaSecretKey`: a string sets it,
 * null clears it, absent keeps it.
 */
export interface UpdateServerSettingsRequest {
  captchaProvider?: CaptchaProvider | null;
  captchaSiteKey?: string | null;
  captchaSecretKey?: string | null;
  captchaVerifyUrl?: string | null;
  captchaScriptUrl?: string | null;
  trustedProxies?: string[];
  anonymousUserExpirationHours?: number;
  sessionDefaults?: Partial<SessionDefaults>;
}
