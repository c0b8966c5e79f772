import { describe, expect, it } from 'vitest';
import {
  GROUP_SETTINGS,
  GROUP_SETTING_DEFAULTS,
  GROUP_SETTING_KEYS,
  isGroupSettingKey,
} from './group-settings';

describe('group settings catalogue', () => {
  it('lists the fifteen settings of the issue, in snake_case', () => {
    expect([...GROUP_SETTING_KEYS].sort()).toEqual(
      [
        'keepalive_expiration',
        'session_time_limit',
        'idle_disconnect',
        'max_kasms_per_user',
        'allow_persistent_profile',
        'allow_kasm_audio',
        'kasm_audio_default_on',
        'allow_kasm_downloads',
        'allow_kasm_uploads',
        'allow_kasm_clipboard_down',
        'allow_kasm_clipboard_up',
        'allow_kasm_microphone',
        'allow_kasm_gamepad',
        'allow_kasm_sharing',
        'kasm_ime_mode_default_on',
      ].sort(),
    );
  });

  it('gives every setting a meaning and a default inside its own bounds', () => {
    for (const key of GROUP_SETTING_KEYS) {
      const def = GROUP_SETTINGS[key];
      expect(def.description.length, key).toBeGreaterThan(10);
      expect(GROUP_SETTING_DEFAULTS[key], key).toBe(def.default);
      if (def.type === 'integer') {
        expect(Number.isInteger(def.default), key).toBe(true);
        expect(def.default, key).toBeGreaterThanOrEqual(def.min);
        expect(def.default, key).toBeLessThanOrEqual(def.max);
      } else {
        expect(typeof def.default, key).toBe('boolean');
      }
    }
  });

  it('recognises only catalogued keys', () => {
    expect(isGroupSettingKey('allow_kasm_audio')).toBe(true);
    expect(isGroupSettingKey('toString')).toBe(false);
    expect(isGroupSettingKey(1)).toBe(false);
  });
});
