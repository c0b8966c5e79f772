import { describe, expect, it } from 'vitest';
import { GROUP_SETTING_DEFAULTS, GROUP_SETTING_KEYS, MAX_GROUP_PRIORITY } from '@caster/contracts';
import { compareGroupPrecedence, resolveEffectiveSettings, type SettingsSource } from './effective-settings';

const allUsers = (
  settings: SettingsSource['settings'] = {},
  priority = MAX_GROUP_PRIORITY,
): SettingsSource => ({
  id: 'a11-users',
  name: 'All Users',
  priority,
  system: true,
  settings,
});
const group = (
  id: string,
  name: string,
  priority: number,
  settings: SettingsSource['settings'],
): SettingsSource => ({
  id,
  name,
  priority,
  system: false,
  settings,
});

describe('resolveEffectiveSettings', () => {
  it('answers the documented defaults, sourced from nobody, when no group sets anything', () => {
    const { settings, sources } = resolveEffectiveSettings([allUsers()]);
    expect(settings).toEqual(GROUP_SETTING_DEFAULTS);
    expect(Object.keys(sources).sort()).toEqual([...GROUP_SETTING_KEYS].sort());
    expect(Object.values(sources).every((s) => s === null)).toBe(true);
  });

  it('also works for a user in no group at all', () => {
    expect(resolveEffectiveSettings([]).settings).toEqual(GROUP_SETTING_DEFAULTS);
  });

  it('takes each key from the highest-priority (lowest number) group that sets it', () => {
    const { settings, sources } = resolveEffectiveSettings([
      group('g-low', 'Contractors', 50, { allow_kasm_downloads: false, max_kasms_per_user: 1 }),
      group('g-high', 'Engineers', 10, { allow_kasm_downloads: true }),
    ]);
    expect(settings.allow_kasm_downloads).toBe(true);
    expect(sources.allow_kasm_downloads).toBe('g-high');
    // Engineers does not set it, so it falls through to the next group.
    expect(settings.max_kasms_per_user).toBe(1);
    expect(sources.max_kasms_per_user).toBe('g-low');
  });

  it('applies All Users last with its default priority, and fills missing keys with defaults', () => {
    const { settings, sources } = resolveEffectiveSettings([
      allUsers({ allow_kasm_uploads: true, idle_disconnect: 600 }),
      group('g1', 'Kiosk', 5, { allow_kasm_uploads: false }),
    ]);
    expect(settings.allow_kasm_uploads).toBe(false);
    expect(sources.allow_kasm_uploads).toBe('g1');
    expect(settings.idle_disconnect).toBe(600);
    expect(sources.idle_disconnect).toBe('a11-users');
    expect(settings.keepalive_expiration).toBe(GROUP_SETTING_DEFAULTS.keepalive_expiration);
    expect(sources.keepalive_expiration).toBeNull();
  });

  it('lets All Users win when an administrator gives it a better priority', () => {
    const { settings, sources } = resolveEffectiveSettings([
      allUsers({ allow_kasm_sharing: true }, 1),
      group('g1', 'Kiosk', 5, { allow_kasm_sharing: false }),
    ]);
    expect(settings.allow_kasm_sharing).toBe(true);
    expect(sources.allow_kasm_sharing).toBe('a11-users');
  });

  it('breaks priority ties: a regular group beats All Users, then name (case-insensitive), then id', () => {
    const tied = [
      allUsers({ max_kasms_per_user: 9 }, 20),
      group('id-2', 'beta', 20, { max_kasms_per_user: 2, session_time_limit: 200 }),
      group('id-1', 'Alpha', 20, { max_kasms_per_user: 1 }),
      group('id-4', 'Same', 20, { session_time_limit: 400, allow_kasm_audio: false }),
      group('id-3', 'Same', 20, { allow_kasm_audio: true }),
    ];
    const forward = resolveEffectiveSettings(tied);
    expect(forward.sources.max_kasms_per_user).toBe('id-1'); // "Alpha" < "beta" regardless of case
    expect(forward.sources.session_time_limit).toBe('id-2');
    expect(forward.sources.allow_kasm_audio).toBe('id-3'); // same name: lower id
    // The input order never matters.
    expect(resolveEffectiveSettings([...tied].reverse())).toEqual(forward);
  });

  it('ignores a stored value of the wrong type or out of bounds instead of trusting it', () => {
    const { settings, sources } = resolveEffectiveSettings([
      group('bad', 'Broken', 1, {
        allow_kasm_audio: 'yes' as unknown as boolean,
        max_kasms_per_user: -3,
      }),
      group('good', 'Fine', 2, { max_kasms_per_user: 4 }),
    ]);
    expect(settings.allow_kasm_audio).toBe(GROUP_SETTING_DEFAULTS.allow_kasm_audio);
    expect(sources.allow_kasm_audio).toBeNull();
    expect(settings.max_kasms_per_user).toBe(4);
  });
});

describe('compareGroupPrecedence', () => {
  it('is a total order: sorting any permutation gives the same sequence', () => {
    const groups = [allUsers({}, 7), group('b', 'X', 7, {}), group('a', 'x', 7, {}), group('c', 'y', 3, {})];
    const sorted = [...groups].sort(compareGroupPrecedence).map((g) => g.id);
    expect(sorted).toEqual(['c', 'b', 'a', 'a11-users']);
    expect(
      [...groups]
        .reverse()
        .sort(compareGroupPrecedence)
        .map((g) => g.id),
    ).toEqual(sorted);
  });
});
