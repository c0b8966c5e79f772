import { CLIENT_SETTING_KEYS } from '@caster/contracts';
import { CLIENT_SETTING_HELP } from './field-help';
import { type CastingFormValues } from './casting-form-model';

type FormField = Exclude<keyof CastingFormValues, 'clientSettings'>;

/** Each field as the form labels it: what a problem is called wherever it is listed. */
export const CASTING_FIELD_LABELS: Record<FormField, string> = {
  name: 'Configuration name',
  key: 'URL key',
  workspaceId: 'Workspace',
  enabled: 'Enabled',
  allowAnonymous: 'Allow anonymous',
  requireCaptcha: 'Require CAPTCHA',
  anonymousGroupId: 'Anonymous user group',
  allowResume: 'Allow resume',
  allowedReferrers: 'Restrict to referrers',
  limitSessions: 'Limit total sessions',
  sessionsRemaining: 'Sessions remaining',
  maxConcurrent: 'Most sessions at once',
  limitIps: 'Limit requests per IP',
  ipRequestLimit: 'Sessions allowed (per IP)',
  ipRequestSeconds: 'Within seconds (per IP)',
  validUntil: 'Valid until',
  kasmUrl: 'Kasm URL',
  dynamicKasmUrl: 'Allow dynamic Kasm URL parameter',
  dynamicDockerNetwork: 'Allow dynamic Docker network parameter',
  errorUrl: 'Error URL',
  disableControlPanel: 'Disable control panel',
  disableTips: 'Disable tips',
  enableSharing: 'Enable sharing',
  disableFixedResolution: 'Disable shared fixed resolution',
  enforceClientSettings: 'Enforce client settings',
  remoteAppConfig: 'Remote App Configuration',
};

/** The form's fields top to bottom: the first one with a problem is where the form scrolls. */
export const CASTING_FIELD_ORDER: readonly string[] = [
  'name',
  'key',
  'workspaceId',
  'enabled',
  'allowAnonymous',
  'requireCaptcha',
  'anonymousGroupId',
  'allowResume',
  'allowedReferrers',
  'limitSessions',
  'sessionsRemaining',
  'maxConcurrent',
  'limitIps',
  'ipRequestLimit',
  'ipRequestSeconds',
  'validUntil',
  'kasmUrl',
  'dynamicKasmUrl',
  'dynamicDockerNetwork',
  'errorUrl',
  'disableControlPanel',
  'disableTips',
  'enableSharing',
  'disableFixedResolution',
  'enforceClientSettings',
  ...CLIENT_SETTING_KEYS.map((key) => `clientSettings.${key}`),
  'remoteAppConfig',
];

/** A form path (`kasmUrl`, `clientSettings.allowAudio`) as the person reads it on the form. */
export function fieldLabel(path: string): string {
  if (path.startsWith('clientSettings.')) {
    const key = path.slice('clientSettings.'.length) as (typeof CLIENT_SETTING_KEYS)[number];
    return CLIENT_SETTING_HELP[key]?.label ?? path;
  }
  return CASTING_FIELD_LABELS[path as FormField] ?? path;
}

/**
 * A server reason in words: class-validator starts its messages with the property's name
 * (`kasmUrl must be an http(s) URL`); under the field that name is dropped, in a list it becomes
 * the label ("Kasm URL: must be an http(s) URL").
 */
export function humanReason(path: string, reason: string): string {
  const last = path.split('.').pop() ?? path;
  for (const name of [path, last]) {
    if (reason.startsWith(`${name} `)) {
      const rest = reason.slice(name.length + 1);
      return rest.charAt(0).toUpperCase() + rest.slice(1);
    }
  }
  return reason;
}

/** The first of these field paths in form order (an unknown path comes last). */
export function firstInFormOrder(paths: Iterable<string>): string | undefined {
  const rank = (p: string) => {
    const i = CASTING_FIELD_ORDER.indexOf(p);
    return i === -1 ? CASTING_FIELD_ORDER.length : i;
  };
  return [...paths].sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * A Valid Until already past, in words, or null: saved as it is, the link refuses every visitor
 * (CAST_EXPIRED), which an administrator rarely means when editing the date.
 */
export function validUntilWarning(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (!Number.isFinite(at) || at > now) return null;
  return 'This time has already passed: saved like this, the link refuses every visitor as expired.';
}
