import {
  CLIENT_SETTING_KEYS,
  DEFAULT_CAST_CLIENT_SETTINGS,
  type CastConfig,
  type ClientSettings,
  type RemoteAppConfig,
} from '@caster/contracts';
import { type CastConfigBody } from './api/create-cast-config';
import { CASTING_FIELD_ORDER, fieldLabel, humanReason } from './casting-field-labels';
import { type CastingFormValues } from './casting-form-model';

export type { CastingFormValues } from './casting-form-model';

/** The Remote App Configuration example of the specification, for the "Use the example" button. */
export const REMOTE_APP_EXAMPLE = JSON.stringify(
  {
    remote_app_name: '||Microsoft Excel',
    args: [
      {
        url_param_name: 'file',
        value_pattern:
          '([a-zA-Z]:\\\\)([^\\x00-\\x1F\\*\\"/:<>\\?\\\\\\|]+\\\\)*([^\\x00-\\x1F\\*\\"/:<>\\?\\\\\\|]+\\.(xls|xlsx|csv))',
        required: true,
      },
    ],
  },
  null,
  2,
);

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO time → the `datetime-local` value showing it in the reader's time zone. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time, no offset) → ISO UTC; null when empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (value.trim() === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value.trim())) return null;
  const d = new Date(value.trim());
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function castingInitialValues(config?: CastConfig): CastingFormValues {
  return {
    name: config?.name ?? '',
    key: config?.key ?? '',
    workspaceId: config?.workspaceId ?? null,
    enabled: config?.enabled ?? true,
    allowAnonymous: config?.allowAnonymous ?? false,
    requireCaptcha: config?.requireCaptcha ?? false,
    anonymousGroupId: config?.anonymousGroupId ?? null,
    allowResume: config?.allowResume ?? false,
    allowedReferrers: (config?.allowedReferrers ?? []).join('\n'),
    limitSessions: config?.limitSessions ?? false,
    sessionsRemaining: config?.sessionsRemaining ?? '',
    maxConcurrent: config?.maxConcurrent ?? '',
    limitIps: config?.limitIps ?? false,
    ipRequestLimit: config?.ipRequestLimit ?? '',
    ipRequestSeconds: config?.ipRequestSeconds ?? '',
    validUntil: isoToLocalInput(config?.validUntil ?? null),
    kasmUrl: config?.kasmUrl ?? '',
    dynamicKasmUrl: config?.dynamicKasmUrl ?? false,
    dynamicDockerNetwork: config?.dynamicDockerNetwork ?? false,
    errorUrl: config?.errorUrl ?? '',
    disableControlPanel: config?.disableControlPanel ?? false,
    disableTips: config?.disableTips ?? false,
    enableSharing: config?.enableSharing ?? false,
    disableFixedResolution: config?.disableFixedResolution ?? false,
    enforceClientSettings: config?.enforceClientSettings ?? false,
    clientSettings: { ...DEFAULT_CAST_CLIENT_SETTINGS, ...config?.clientSettings },
    remoteAppConfig: config?.remoteAppConfig ? JSON.stringify(config.remoteAppConfig, null, 2) : '',
  };
}

/** The referrer textarea's non-blank lines, trimmed: what the API receives. */
export function referrerLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export type RemoteAppParse = { value: RemoteAppConfig | null } | { error: string };

/** The Remote App textarea: empty = none; otherwise a JSON object (the API checks its keys). */
export function parseRemoteAppConfig(text: string): RemoteAppParse {
  if (text.trim() === '') return { value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (caught) {
    const reason = caught instanceof Error ? caught.message : String(caught);
    return { error: `Not valid JSON: ${reason}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { error: 'Must be a JSON object such as { "remote_app_name": "||App", "args": [] }' };
  }
  return { value: parsed as RemoteAppConfig };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** The API's rule: `acme.com` or `*.acme.com` (the same), no scheme, port or path. */
export function isDomainName(value: string): boolean {
  const domain = value.replace(/^\*\./, '');
  if (domain.length > 253) return false;
  if (/^localhost$/i.test(domain)) return true;
  const labels = domain.split('.');
  return labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

/** The server's bounds (CastConfigDto), so the form refuses what the server would. */
export const CASTING_LIMITS = {
  nameLength: 128,
  urlLength: 2048,
  sessionsRemaining: 1_000_000_000,
  maxConcurrent: 100_000,
  ipRequestLimit: 1_000_000,
  ipRequestSeconds: 31_536_000,
} as const;

function positiveWhole(value: number | '', min: number, max: number): string | null {
  if (value === '') return 'Required when this limit is on';
  if (!Number.isInteger(value) || value < min)
    return min === 0 ? 'A whole number, 0 or more' : 'A whole number, 1 or more';
  if (value > max) return `At most ${max.toLocaleString('en-US')}`;
  return null;
}

function urlProblem(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (v.length > CASTING_LIMITS.urlLength) return `At most ${CASTING_LIMITS.urlLength} characters`;
  return isHttpUrl(v) ? null : 'An http:// or https:// address, such as https://example.com';
}

/**
 * What the form can tell before asking the server. Fields hidden by a switch are not checked:
 * they are not sent, or not used, while hidden.
 */
export function validateCastingForm(values: CastingFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.name.trim() === '') errors['name'] = 'Give the link a name';
  else if (values.name.trim().length > CASTING_LIMITS.nameLength)
    errors['name'] = `At most ${CASTING_LIMITS.nameLength} characters`;
  if (values.key.trim() !== '' && !KEY_PATTERN.test(values.key.trim()))
    errors['key'] = 'Letters, digits, _ and - only (at most 64)';
  if (!values.workspaceId) errors['workspaceId'] = 'Choose the workspace sessions are created from';
  if (values.limitSessions) {
    const problem = positiveWhole(values.sessionsRemaining, 0, CASTING_LIMITS.sessionsRemaining);
    if (problem) errors['sessionsRemaining'] = problem;
  }
  if (values.maxConcurrent !== '') {
    const problem = positiveWhole(values.maxConcurrent, 1, CASTING_LIMITS.maxConcurrent);
    if (problem) errors['maxConcurrent'] = problem;
  }
  if (values.limitIps) {
    const limit = positiveWhole(values.ipRequestLimit, 1, CASTING_LIMITS.ipRequestLimit);
    if (limit) errors['ipRequestLimit'] = limit;
    const seconds = positiveWhole(values.ipRequestSeconds, 1, CASTING_LIMITS.ipRequestSeconds);
    if (seconds) errors['ipRequestSeconds'] = seconds;
  }
  if (values.validUntil.trim() !== '' && localInputToIso(values.validUntil) === null)
    errors['validUntil'] = 'Not a valid date and time';
  const kasmUrl = urlProblem(values.kasmUrl);
  if (kasmUrl) errors['kasmUrl'] = kasmUrl;
  const errorUrl = urlProblem(values.errorUrl);
  if (errorUrl) errors['errorUrl'] = errorUrl;
  const badLines = values.allowedReferrers
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '' && !isDomainName(line));
  if (badLines.length > 0) {
    errors['allowedReferrers'] = badLines
      .map(({ number }) => `Line ${number}: a domain such as acme.com (no http:// or path)`)
      .join('; ');
  }
  const remote = parseRemoteAppConfig(values.remoteAppConfig);
  if ('error' in remote) errors['remoteAppConfig'] = remote.error;
  return errors;
}

function numberOrNull(value: number | ''): number | null {
  return value === '' ? null : value;
}

/**
 * The request body: every option, so an edit sends the whole picture. Hidden settings that would
 * contradict the visible ones are sent off (a CAPTCHA or anonymous group without anonymous access).
 */
export function castingRequest(values: CastingFormValues): CastConfigBody {
  const remote = parseRemoteAppConfig(values.remoteAppConfig);
  const clientSettings = Object.fromEntries(
    CLIENT_SETTING_KEYS.map((key) => [key, values.clientSettings[key]]),
  ) as unknown as ClientSettings;
  const key = values.key.trim();
  return {
    name: values.name.trim(),
    ...(key === '' ? {} : { key }),
    workspaceId: values.workspaceId ?? '',
    enabled: values.enabled,
    allowAnonymous: values.allowAnonymous,
    requireCaptcha: values.allowAnonymous && values.requireCaptcha,
    anonymousGroupId: values.allowAnonymous ? values.anonymousGroupId : null,
    allowResume: values.allowResume,
    allowedReferrers: referrerLines(values.allowedReferrers),
    limitSessions: values.limitSessions,
    sessionsRemaining: numberOrNull(values.sessionsRemaining),
    maxConcurrent: numberOrNull(values.maxConcurrent),
    limitIps: values.limitIps,
    ipRequestLimit: numberOrNull(values.ipRequestLimit),
    ipRequestSeconds: numberOrNull(values.ipRequestSeconds),
    validUntil: localInputToIso(values.validUntil),
    kasmUrl: values.kasmUrl.trim() === '' ? null : values.kasmUrl.trim(),
    dynamicKasmUrl: values.dynamicKasmUrl,
    dynamicDockerNetwork: values.dynamicDockerNetwork,
    errorUrl: values.errorUrl.trim() === '' ? null : values.errorUrl.trim(),
    disableControlPanel: values.disableControlPanel,
    disableTips: values.disableTips,
    enableSharing: values.enableSharing,
    disableFixedResolution: values.disableFixedResolution,
    enforceClientSettings: values.enforceClientSettings,
    clientSettings,
    remoteAppConfig: 'value' in remote ? remote.value : null,
  };
}

/** Form fields that show server problems (longest match wins; see mapServerErrors). */
const TARGETS: readonly string[] = [...CASTING_FIELD_ORDER, 'clientSettings'];

/** `remoteAppConfig.args[0].value_pattern` → ['remoteAppConfig', 'args', '0', 'value_pattern']. */
function segments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
}

/**
 * Places the API's `details.fields` on the form: `allowedReferrers[2]` names the textarea line the
 * administrator sees (blank lines are not sent), `remoteAppConfig.args[0].value_pattern` goes
 * under the JSON box with its path, anything no field can show comes back in `unmatched`.
 */
export function mapServerErrors(
  fields: Record<string, string>,
  values: Pick<CastingFormValues, 'allowedReferrers'>,
): { errors: Record<string, string>; unmatched: string[] } {
  const collected = new Map<string, string[]>();
  const unmatched: string[] = [];
  const referrerLineNumbers = values.allowedReferrers
    .split('\n')
    .flatMap((line, i) => (line.trim() === '' ? [] : [i + 1]));
  for (const [path, reason] of Object.entries(fields)) {
    const parts = segments(path);
    let target: string | undefined;
    for (const candidate of TARGETS) {
      const c = segments(candidate);
      if (c.length <= parts.length && c.every((s, i) => s === parts[i])) {
        if (!target || c.length > segments(target).length) target = candidate;
      }
    }
    if (!target) {
      unmatched.push(`${fieldLabel(path)}: ${humanReason(path, reason)}`);
      continue;
    }
    const rest = parts.slice(segments(target).length);
    let message = humanReason(path, reason);
    if (target === 'allowedReferrers' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
      message = `Line ${referrerLineNumbers[Number(rest[0])] ?? Number(rest[0]) + 1}: ${reason}`;
    } else if (rest.length > 0) {
      // JSON path as written in the box: args[0].value_pattern
      message = `${rest.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')}: ${reason}`;
    }
    const list = collected.get(target) ?? [];
    list.push(message);
    collected.set(target, list);
  }
  const errors: Record<string, string> = {};
  for (const [field, messages] of collected) errors[field] = messages.join('; ');
  return { errors, unmatched };
}
