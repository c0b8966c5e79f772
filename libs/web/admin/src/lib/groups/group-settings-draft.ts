import { formatDuration } from '@caster/web/ui';
import {
  GROUP_SETTINGS,
  GROUP_SETTING_KEYS,
  type GroupSettingKey,
  type GroupSettings,
  type GroupSettingValues,
} from '@caster/contracts';

/**
 * One setting as the editor holds it: `set` false means the group leaves it to lower-priority
 * groups (or the default); `value` is kept meanwhile so switching back restores it. An integer
 * being typed may be '' (empty input).
 */
export interface SettingDraft {
  set: boolean;
  value: number | boolean | '';
}

export type GroupSettingsDraft = Record<GroupSettingKey, SettingDraft>;

/** Short names for the screen; the Kasm key stays visible next to them for those copying settings over. */
export const GROUP_SETTING_LABELS: Record<GroupSettingKey, string> = {
  keepalive_expiration: 'Keepalive expiration',
  session_time_limit: 'Session time limit',
  idle_disconnect: 'Idle disconnect',
  max_kasms_per_user: 'Sessions per user',
  allow_persistent_profile: 'Persistent profile',
  allow_kasm_audio: 'Audio',
  kasm_audio_default_on: 'Audio on at start',
  allow_kasm_downloads: 'Downloads',
  allow_kasm_uploads: 'Uploads',
  allow_kasm_clipboard_down: 'Copy out of the session',
  allow_kasm_clipboard_up: 'Paste into the session',
  allow_kasm_microphone: 'Microphone',
  allow_kasm_gamepad: 'Gamepads',
  allow_kasm_sharing: 'Sharing',
  kasm_ime_mode_default_on: 'IME mode on at start',
};

export function draftFromSettings(settings: GroupSettings = {}): GroupSettingsDraft {
  const draft = {} as GroupSettingsDraft;
  for (const key of GROUP_SETTING_KEYS) {
    const value = settings[key];
    draft[key] =
      value === undefined ? { set: false, value: GROUP_SETTINGS[key].default } : { set: true, value };
  }
  return draft;
}

/** The group's settings to send (only the keys it sets) and, per key, what stops it being sent. */
export function settingsFromDraft(draft: GroupSettingsDraft): {
  settings: GroupSettings;
  errors: Partial<Record<GroupSettingKey, string>>;
} {
  const settings: Record<string, number | boolean> = {};
  const errors: Partial<Record<GroupSettingKey, string>> = {};
  for (const key of GROUP_SETTING_KEYS) {
    const { set, value } = draft[key];
    if (!set) continue;
    const def = GROUP_SETTINGS[key];
    if (def.type === 'boolean') {
      settings[key] = value === true;
      continue;
    }
    if (value === '' || typeof value !== 'number' || Number.isNaN(value)) {
      errors[key] = 'Enter a number, or stop setting it here.';
    } else if (!Number.isInteger(value)) {
      errors[key] = 'Enter a whole number.';
    } else if (value < def.min || value > def.max) {
      errors[key] = `Enter a number from ${def.min} to ${def.max}.`;
    } else {
      settings[key] = value;
    }
  }
  return { settings, errors };
}

/** A setting's value in words: "3600 seconds (1 hour)", "2 sessions", "0 (no limit)", "On". */
export function describeSettingValue(
  key: GroupSettingKey,
  value: GroupSettingValues[GroupSettingKey],
): string {
  const def = GROUP_SETTINGS[key];
  if (def.type === 'boolean') return value ? 'On' : 'Off';
  const n = Number(value);
  if (n === 0 && 'zeroMeans' in def) return `0 (${def.zeroMeans})`;
  if (def.unit === 'seconds') return `${n} seconds (${formatDuration(n)})`;
  return `${n} ${n === 1 ? 'session' : 'sessions'}`;
}
