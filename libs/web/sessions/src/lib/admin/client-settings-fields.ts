import {
  CLIENT_SETTING_KEYS,
  GROUP_SETTING_DEFAULTS,
  GROUP_SETTINGS,
  type ClientSettings,
  type GroupSettingKey,
} from '@caster/contracts';

/** The group setting each client setting comes from (the API's clientSettingsFromGroups). */
const GROUP_KEY: Record<keyof ClientSettings, GroupSettingKey> = {
  allowAudio: 'allow_kasm_audio',
  audioDefaultOn: 'kasm_audio_default_on',
  allowDownloads: 'allow_kasm_downloads',
  allowClipboardDown: 'allow_kasm_clipboard_down',
  allowClipboardUp: 'allow_kasm_clipboard_up',
  allowMicrophone: 'allow_kasm_microphone',
  allowUploads: 'allow_kasm_uploads',
  allowGamepads: 'allow_kasm_gamepad',
  allowSharing: 'allow_kasm_sharing',
  imeDefaultOn: 'kasm_ime_mode_default_on',
};

const LABELS: Record<keyof ClientSettings, string> = {
  allowAudio: 'Allow sound',
  audioDefaultOn: 'Sound on by default',
  allowDownloads: 'Allow downloads',
  allowClipboardDown: 'Allow copying out of the session',
  allowClipboardUp: 'Allow pasting into the session',
  allowMicrophone: 'Allow the microphone',
  allowUploads: 'Allow uploads',
  allowGamepads: 'Allow gamepads',
  allowSharing: 'Allow sharing',
  imeDefaultOn: 'IME input mode on by default',
};

export interface ClientSettingField {
  key: keyof ClientSettings;
  label: string;
  description: string;
}

export const CLIENT_SETTING_FIELDS: readonly ClientSettingField[] = CLIENT_SETTING_KEYS.map((key) => ({
  key,
  label: LABELS[key],
  description: GROUP_SETTINGS[GROUP_KEY[key]].description,
}));

/** The documented group defaults: what a user in no special group launches with. */
export function defaultClientSettings(): ClientSettings {
  return Object.fromEntries(
    CLIENT_SETTING_KEYS.map((key) => [key, GROUP_SETTING_DEFAULTS[GROUP_KEY[key]] as boolean]),
  ) as unknown as ClientSettings;
}
