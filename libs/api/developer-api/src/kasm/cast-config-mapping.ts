import type {
  CastConfig,
  CastConfigInput,
  ClientSettings,
  KasmCastConfig,
  KasmClientSettings,
  RemoteAppConfig,
} from '@caster/contracts';
import { fromKasmClientSettings, kasmTime, parseKasmTime, toKasmClientSettings } from './kasm-format';
import { fromKasmId, toKasmId, toKasmIdOrNull } from './kasm-ids';

/** The Kasm-named fields a create/update may carry (the shape of KasmCastConfigInputDto). */
export interface KasmCastConfigFields extends Partial<KasmClientSettings> {
  casting_config_name?: string;
  key?: string;
  image_id?: string;
  enabled?: boolean;
  allow_resume?: boolean;
  allow_anonymous?: boolean;
  require_recaptcha?: boolean;
  group_id?: string | null;
  limit_sessions?: boolean;
  session_remaining?: number | null;
  max_concurrent?: number | null;
  limit_ips?: boolean;
  ip_request_limit?: number | null;
  ip_request_seconds?: number | null;
  kasm_url?: string | null;
  dynamic_kasm_url?: boolean;
  dynamic_docker_network?: boolean;
  error_url?: string | null;
  disable_control_panel?: boolean;
  disable_tips?: boolean;
  enable_sharing?: boolean;
  disable_fixed_res?: boolean;
  allowed_referrers?: string[];
  enforce_client_settings?: boolean;
  remote_app_configs?: Record<string, unknown> | null;
  valid_until?: string | null;
}

/** Our field → Kasm's, for the fields whose names differ in more than case. */
const KASM_NAMES: Partial<Record<keyof CastConfigInput, string>> = {
  name: 'casting_config_name',
  workspaceId: 'image_id',
  requireCaptcha: 'require_recaptcha',
  anonymousGroupId: 'group_id',
  sessionsRemaining: 'session_remaining',
  disableFixedResolution: 'disable_fixed_res',
  remoteAppConfig: 'remote_app_configs',
};

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A field path of ours (`remoteAppConfig.args[0].value`) in Kasm's names, for error messages. */
export function kasmFieldPath(path: string): string {
  const match = /^([A-Za-z]+)(.*)$/.exec(path);
  if (!match) return path;
  const [, head, rest] = match;
  return `${KASM_NAMES[head as keyof CastConfigInput] ?? snake(head)}${rest}`;
}

export function toKasmCastConfig(c: CastConfig): KasmCastConfig {
  return {
    cast_config_id: toKasmId(c.id),
    casting_config_name: c.name,
    key: c.key,
    image_id: toKasmId(c.workspaceId),
    enabled: c.enabled,
    allow_resume: c.allowResume,
    allow_anonymous: c.allowAnonymous,
    require_recaptcha: c.requireCaptcha,
    group_id: toKasmIdOrNull(c.anonymousGroupId),
    limit_sessions: c.limitSessions,
    session_remaining: c.sessionsRemaining,
    max_concurrent: c.maxConcurrent,
    limit_ips: c.limitIps,
    ip_request_limit: c.ipRequestLimit,
    ip_request_seconds: c.ipRequestSeconds,
    kasm_url: c.kasmUrl,
    dynamic_kasm_url: c.dynamicKasmUrl,
    dynamic_docker_network: c.dynamicDockerNetwork,
    error_url: c.errorUrl,
    disable_control_panel: c.disableControlPanel,
    disable_tips: c.disableTips,
    enable_sharing: c.enableSharing,
    disable_fixed_res: c.disableFixedResolution,
    allowed_referrers: [...c.allowedReferrers],
    enforce_client_settings: c.enforceClientSettings,
    ...toKasmClientSettings(c.clientSettings),
    remote_app_configs: c.remoteAppConfig ? { ...c.remoteAppConfig } : null,
    valid_until: c.validUntil ? kasmTime(new Date(c.validUntil)) : null,
  };
}

/**
 * Kasm-named fields → ours, only those sent. Client settings merge into `baseSettings` (the
 * config's current ones, or the defaults on create). Ids and dates that cannot be read are
 * reported in `errors`, keyed by Kasm's field names.
 */
export function fromKasmCastConfig(
  k: KasmCastConfigFields,
  baseSettings: ClientSettings,
): { values: Partial<CastConfigInput>; errors: Record<string, string> } {
  const values: Partial<CastConfigInput> = {};
  const errors: Record<string, string> = {};
  const copy = <K extends keyof CastConfigInput>(ours: K, value: CastConfigInput[K] | undefined): void => {
    if (value !== undefined) values[ours] = value;
  };

  copy('name', k.casting_config_name);
  copy('key', k.key);
  if (k.image_id !== undefined) {
    const id = fromKasmId(k.image_id);
    if (id) values.workspaceId = id;
    else errors['image_id'] = 'not an image id';
  }
  copy('enabled', k.enabled);
  copy('allowResume', k.allow_resume);
  copy('allowAnonymous', k.allow_anonymous);
  copy('requireCaptcha', k.require_recaptcha);
  if (k.group_id !== undefined) {
    if (k.group_id === null || k.group_id === '') values.anonymousGroupId = null;
    else {
      const id = fromKasmId(k.group_id);
      if (id) values.anonymousGroupId = id;
      else errors['group_id'] = 'not a group id';
    }
  }
  copy('limitSessions', k.limit_sessions);
  copy('sessionsRemaining', k.session_remaining);
  copy('maxConcurrent', k.max_concurrent);
  copy('limitIps', k.limit_ips);
  copy('ipRequestLimit', k.ip_request_limit);
  copy('ipRequestSeconds', k.ip_request_seconds);
  copy('kasmUrl', k.kasm_url);
  copy('dynamicKasmUrl', k.dynamic_kasm_url);
  copy('dynamicDockerNetwork', k.dynamic_docker_network);
  copy('errorUrl', k.error_url);
  copy('disableControlPanel', k.disable_control_panel);
  copy('disableTips', k.disable_tips);
  copy('enableSharing', k.enable_sharing);
  copy('disableFixedResolution', k.disable_fixed_res);
  copy('allowedReferrers', k.allowed_referrers);
  copy('enforceClientSettings', k.enforce_client_settings);
  const settings = fromKasmClientSettings(k, baseSettings);
  if (settings) values.clientSettings = settings;
  if (k.remote_app_configs !== undefined)
    values.remoteAppConfig = k.remote_app_configs as RemoteAppConfig | null;
  if (k.valid_until !== undefined) {
    if (k.valid_until === null || k.valid_until === '') values.validUntil = null;
    else {
      const at = parseKasmTime(k.valid_until);
      if (at) values.validUntil = at.toISOString();
      else errors['valid_until'] = 'must be a date-time: "YYYY-MM-DD HH:MM:SS" (UTC) or ISO-8601';
    }
  }
  return { values, errors };
}
