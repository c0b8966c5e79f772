import { parseCidr } from '@caster/api/config';
import {
  CAPTCHA_PROVIDERS,
  CAPTCHA_PROVIDER_DEFAULTS,
  DEFAULT_ANONYMOUS_USER_EXPIRATION_HOURS,
  DEFAULT_SESSION_DEFAULTS,
  type CaptchaProvider,
  type ServerSettings,
  type SessionDefaults,
  type UpdateServerSettingsRequest,
} from '@caster/contracts';

/** Everything stored, the secret included. Each property is one row of server_settings. */
export interface StoredSettings {
  captchaProvider: CaptchaProvider | null;
  captchaSiteKey: string | null;
  captchaSecretKey: string | null;
  captchaVerifyUrl: string | null;
  captchaScriptUrl: string | null;
  trustedProxies: string[];
  anonymousUserExpirationHours: number;
  sessionDefaults: SessionDefaults;
}

export type SettingKey = keyof StoredSettings;

export const DEFAULT_SETTINGS: StoredSettings = {
  captchaProvider: null,
  captchaSiteKey: null,
  captchaSecretKey: null,
  captchaVerifyUrl: null,
  captchaScriptUrl: null,
  trustedProxies: [],
  anonymousUserExpirationHours: DEFAULT_ANONYMOUS_USER_EXPIRATION_HOURS,
  sessionDefaults: DEFAULT_SESSION_DEFAULTS,
};

/** What casting needs to show and verify a CAPTCHA; URLs already defaulted to the provider's. */
export interface CaptchaConfig {
  provider: CaptchaProvider;
  siteKey: string;
  secretKey: string;
  verifyUrl: string;
  scriptUrl: string;
}

const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isWholeNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Rows → settings. A row that does not parse (hand-edited database) falls back to the default. */
export function settingsFromRows(rows: readonly { key: string; value: unknown }[]): StoredSettings {
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const pick = <K extends SettingKey>(key: K, ok: (v: unknown) => boolean): StoredSettings[K] => {
    const v = byKey.get(key);
    return v !== undefined && ok(v) ? (v as StoredSettings[K]) : DEFAULT_SETTINGS[key];
  };
  const storedDefaults = byKey.get('sessionDefaults');
  const sessionDefaults: SessionDefaults = { ...DEFAULT_SESSION_DEFAULTS };
  if (typeof storedDefaults === 'object' && storedDefaults !== null) {
    for (const key of Object.keys(DEFAULT_SESSION_DEFAULTS) as (keyof SessionDefaults)[]) {
      const v = (storedDefaults as Record<string, unknown>)[key];
      if (isWholeNumber(v)) sessionDefaults[key] = v;
    }
  }
  return {
    captchaProvider: pick(
      'captchaProvider',
      (v) => v === null || (CAPTCHA_PROVIDERS as readonly unknown[]).includes(v),
    ),
    captchaSiteKey: pick('captchaSiteKey', isStringOrNull),
    captchaSecretKey: pick('captchaSecretKey', isStringOrNull),
    captchaVerifyUrl: pick('captchaVerifyUrl', isStringOrNull),
    captchaScriptUrl: pick('captchaScriptUrl', isStringOrNull),
    trustedProxies: pick(
      'trustedProxies',
      (v) => Array.isArray(v) && v.every((r) => typeof r === 'string' && parseCidr(r) !== null),
    ),
    anonymousUserExpirationHours: pick('anonymousUserExpirationHours', (v) => isWholeNumber(v) && v > 0),
    sessionDefaults,
  };
}

/**
 * Validates a trusted-proxy list: every entry an IP address or CIDR range. Answers the canonical
 * ranges (duplicates dropped) and, per bad entry, `trustedProxies[i]` → what is wrong.
 */
export function parseTrustedProxies(list: readonly string[]): {
  ranges: string[];
  problems: Record<string, string>;
} {
  const ranges: string[] = [];
  const problems: Record<string, string> = {};
  list.forEach((entry, i) => {
    const cidr = parseCidr(entry);
    if (!cidr) problems[`trustedProxies[${i}]`] = `"${entry}" is not an IP address or CIDR range`;
    else if (!ranges.includes(cidr.text)) ranges.push(cidr.text);
  });
  return { ranges, problems };
}

/**
 * Applies a PUT body (only the keys sent change) and checks what a DTO cannot: CIDR ranges, and
 * that a chosen CAPTCHA provider comes with its site key and secret.
 */
export function mergeSettings(
  current: StoredSettings,
  input: UpdateServerSettingsRequest,
): { next: StoredSettings; problems: Record<string, string> } {
  const next: StoredSettings = { ...current, sessionDefaults: { ...current.sessionDefaults } };
  const problems: Record<string, string> = {};
  if (input.captchaProvider !== undefined) next.captchaProvider = input.captchaProvider;
  if (input.captchaSiteKey !== undefined) next.captchaSiteKey = input.captchaSiteKey;
  if (input.captchaSecretKey !== undefined) next.captchaSecretKey = input.captchaSecretKey;
  if (input.captchaVerifyUrl !== undefined) next.captchaVerifyUrl = input.captchaVerifyUrl;
  if (input.captchaScriptUrl !== undefined) next.captchaScriptUrl = input.captchaScriptUrl;
  if (input.anonymousUserExpirationHours !== undefined)
    next.anonymousUserExpirationHours = input.anonymousUserExpirationHours;
  if (input.sessionDefaults) {
    for (const [key, value] of Object.entries(input.sessionDefaults) as [keyof SessionDefaults, unknown][]) {
      if (typeof value === 'number') next.sessionDefaults[key] = value;
    }
  }
  if (input.trustedProxies !== undefined) {
    const parsed = parseTrustedProxies(input.trustedProxies);
    next.trustedProxies = parsed.ranges;
    Object.assign(problems, parsed.problems);
  }
  if (next.captchaProvider !== null) {
    const needed = 'required when a CAPTCHA provider is chosen';
    if (!next.captchaSiteKey) problems['captchaSiteKey'] = needed;
    if (!next.captchaSecretKey) problems['captchaSecretKey'] = needed;
  }
  return { next, problems };
}

/** The admin view: the secret becomes a flag. */
export function toServerSettings(s: StoredSettings): ServerSettings {
  return {
    captchaProvider: s.captchaProvider,
    captchaSiteKey: s.captchaSiteKey,
    captchaSecretKeySet: s.captchaSecretKey !== null && s.captchaSecretKey !== '',
    captchaVerifyUrl: s.captchaVerifyUrl,
    captchaScriptUrl: s.captchaScriptUrl,
    trustedProxies: [...s.trustedProxies],
    anonymousUserExpirationHours: s.anonymousUserExpirationHours,
    sessionDefaults: { ...s.sessionDefaults },
  };
}

/** The CAPTCHA casting should use, or null when none is fully configured. */
export function effectiveCaptcha(s: StoredSettings): CaptchaConfig | null {
  if (!s.captchaProvider || !s.captchaSiteKey || !s.captchaSecretKey) return null;
  const defaults = CAPTCHA_PROVIDER_DEFAULTS[s.captchaProvider];
  return {
    provider: s.captchaProvider,
    siteKey: s.captchaSiteKey,
    secretKey: s.captchaSecretKey,
    verifyUrl: s.captchaVerifyUrl ?? defaults.verifyUrl,
    scriptUrl: s.captchaScriptUrl ?? defaults.scriptUrl,
  };
}

/** Which rows a change touches (so an update writes only what changed). */
export function changedKeys(before: StoredSettings, after: StoredSettings): SettingKey[] {
  return (Object.keys(after) as SettingKey[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
