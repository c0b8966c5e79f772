import type { ClientSettings, GroupSettingValues } from '@caster/contracts';

/** Group settings (Kasm's names) → the session's client settings (the casting config's names). */
export function clientSettingsFromGroups(s: GroupSettingValues): ClientSettings {
  return {
    allowAudio: s.allow_kasm_audio,
    audioDefaultOn: s.kasm_audio_default_on,
    allowDownloads: s.allow_kasm_downloads,
    allowClipboardDown: s.allow_kasm_clipboard_down,
    allowClipboardUp: s.allow_kasm_clipboard_up,
    allowMicrophone: s.allow_kasm_microphone,
    allowUploads: s.allow_kasm_uploads,
    allowGamepads: s.allow_kasm_gamepad,
    allowSharing: s.allow_kasm_sharing,
    imeDefaultOn: s.kasm_ime_mode_default_on,
  };
}

/** Environment the session image reads its client settings from. */
export function clientSettingsEnv(c: ClientSettings): Record<string, string> {
  const flag = (b: boolean): string => (b ? '1' : '0');
  return {
    CASTER_ALLOW_AUDIO: flag(c.allowAudio),
    CASTER_AUDIO_DEFAULT_ON: flag(c.audioDefaultOn),
    CASTER_ALLOW_DOWNLOADS: flag(c.allowDownloads),
    CASTER_ALLOW_UPLOADS: flag(c.allowUploads),
    CASTER_ALLOW_CLIPBOARD_DOWN: flag(c.allowClipboardDown),
    CASTER_ALLOW_CLIPBOARD_UP: flag(c.allowClipboardUp),
    CASTER_ALLOW_MICROPHONE: flag(c.allowMicrophone),
    CASTER_ALLOW_GAMEPADS: flag(c.allowGamepads),
    CASTER_ALLOW_SHARING: flag(c.allowSharing),
    CASTER_IME_DEFAULT_ON: flag(c.imeDefaultOn),
  };
}

export function sameClientSettings(a: ClientSettings, b: ClientSettings): boolean {
  return (Object.keys(a) as (keyof ClientSettings)[]).every((k) => a[k] === b[k]);
}
