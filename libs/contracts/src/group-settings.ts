/**
 * The group settings catalogue: every key a group may set, its type, bounds, documented default
 * and meaning. The API validates against it and the SPA's settings editor is built from it.
 * Names keep Kasm's snake_case so existing Kasm group settings can be copied over.
 */
interface IntegerSetting {
  type: 'integer';
  /** Unit shown next to the value; time settings are in seconds. */
  unit: 'seconds' | 'sessions';
  min: number;
  max: number;
  default: number;
  /** What 0 means, when it is special. */
  zeroMeans?: string;
  description: string;
}

interface BooleanSetting {
  type: 'boolean';
  default: boolean;
  description: string;
}

export type GroupSettingDefinition = IntegerSetting | BooleanSetting;

const DAY = 86_400;

export const GROUP_SETTINGS = {
  keepalive_expiration: {
    type: 'integer',
    unit: 'seconds',
    min: 60,
    max: 30 * DAY,
    default: 3_600,
    description:
      'How long a session stays alive after the last keepalive from its viewer before it is stopped.',
  },
  session_time_limit: {
    type: 'integer',
    unit: 'seconds',
    min: 0,
    max: 365 * DAY,
    default: DAY,
    zeroMeans: 'no limit',
    description: 'The longest a session may run in total, keepalives or not.',
  },
  idle_disconnect: {
    type: 'integer',
    unit: 'seconds',
    min: 0,
    max: 30 * DAY,
    default: 1_200,
    zeroMeans: 'never',
    description: 'Disconnects the viewer after this long without keyboard or mouse input.',
  },
  max_kasms_per_user: {
    type: 'integer',
    unit: 'sessions',
    min: 0,
    max: 1_000,
    default: 2,
    zeroMeans: 'no limit',
    description: 'How many sessions one user may have at the same time.',
  },
  allow_persistent_profile: {
    type: 'boolean',
    default: false,
    description:
      "Keeps the user's home directory between sessions of workspaces that have a persistent profile path.",
  },
  allow_kasm_audio: {
    type: 'boolean',
    default: true,
    description: 'Lets the session play sound in the browser.',
  },
  kasm_audio_default_on: {
    type: 'boolean',
    default: true,
    description: 'Turns sound on when the session opens (when sound is allowed).',
  },
  allow_kasm_downloads: {
    type: 'boolean',
    default: false,
    description: 'Lets the user download files from the session.',
  },
  allow_kasm_uploads: {
    type: 'boolean',
    default: false,
    description: 'Lets the user upload files into the session.',
  },
  allow_kasm_clipboard_down: {
    type: 'boolean',
    default: true,
    description: "Lets text copied in the session reach the user's clipboard.",
  },
  allow_kasm_clipboard_up: {
    type: 'boolean',
    default: true,
    description: 'Lets the user paste from their clipboard into the session.',
  },
  allow_kasm_microphone: {
    type: 'boolean',
    default: false,
    description: "Lets the session use the user's microphone.",
  },
  allow_kasm_gamepad: {
    type: 'boolean',
    default: false,
    description:
      "Not supported: a gamepad needs a virtual input device (the host's /dev/uinput), which session containers are never given.",
  },
  allow_kasm_sharing: {
    type: 'boolean',
    default: false,
    description: 'Lets the user share a view-only link to their session.',
  },
  kasm_ime_mode_default_on: {
    type: 'boolean',
    default: false,
    description: 'Starts the session with IME input mode on (for typing CJK and other composed scripts).',
  },
} as const satisfies Record<string, GroupSettingDefinition>;

export type GroupSettingKey = keyof typeof GROUP_SETTINGS;

export const GROUP_SETTING_KEYS = Object.keys(GROUP_SETTINGS) as GroupSettingKey[];

/** A value of every key: what a user ends up with. */
export type GroupSettingValues = {
  -readonly [K in GroupSettingKey]: (typeof GROUP_SETTINGS)[K]['type'] extends 'integer' ? number : boolean;
};

/** What one group sets: any subset of the keys. */
export type GroupSettings = Partial<GroupSettingValues>;

/** In a request, `null` removes a key from the group (it then falls through to lower groups). */
export type GroupSettingsInput = { [K in GroupSettingKey]?: GroupSettingValues[K] | null };

export const GROUP_SETTING_DEFAULTS: GroupSettingValues = Object.fromEntries(
  GROUP_SETTING_KEYS.map((key) => [key, GROUP_SETTINGS[key].default]),
) as GroupSettingValues;

export function isGroupSettingKey(value: unknown): value is GroupSettingKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(GROUP_SETTINGS, value);
}
