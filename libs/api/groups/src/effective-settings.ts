import {
  GROUP_SETTINGS,
  GROUP_SETTING_DEFAULTS,
  GROUP_SETTING_KEYS,
  type EffectiveSettings,
  type GroupSettingKey,
  type GroupSettingValues,
  type GroupSettings,
} from '@caster/contracts';

/** What the resolution needs to know about one group the user belongs to. */
export interface SettingsSource {
  id: string;
  name: string;
  priority: number;
  system: boolean;
  settings: GroupSettings;
}

const codePointCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order in which groups are consulted, first wins: lower priority number first; on equal
 * priority a regular group before the system group "All Users", then by name (case-insensitive,
 * then exact, in code-point order — independent of locale), then by id. Total, so the result never
 * depends on the order the database answered in.
 */
export function compareGroupPrecedence(a: SettingsSource, b: SettingsSource): number {
  return (
    a.priority - b.priority ||
    Number(a.system) - Number(b.system) ||
    codePointCompare(a.name.toLowerCase(), b.name.toLowerCase()) ||
    codePointCompare(a.name, b.name) ||
    codePointCompare(a.id, b.id)
  );
}

function isValidValue(key: GroupSettingKey, value: unknown): boolean {
  const def = GROUP_SETTINGS[key];
  if (def.type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'number' && Number.isInteger(value) && value >= def.min && value <= def.max;
}

/**
 * A user's effective group settings: for each key, the value of the first group (in
 * compareGroupPrecedence order) that sets it, else the documented default. "All Users" takes part
 * like any group, by its priority. A stored value of the wrong type is skipped, never trusted.
 */
export function resolveEffectiveSettings(groups: readonly SettingsSource[]): EffectiveSettings {
  const ordered = [...groups].sort(compareGroupPrecedence);
  const settings: Record<string, number | boolean> = { ...GROUP_SETTING_DEFAULTS };
  const sources = {} as Record<GroupSettingKey, string | null>;
  for (const key of GROUP_SETTING_KEYS) {
    const winner = ordered.find((g) => isValidValue(key, g.settings[key]));
    sources[key] = winner?.id ?? null;
    if (winner) settings[key] = winner.settings[key] as number | boolean;
  }
  return { settings: settings as GroupSettingValues, sources };
}
