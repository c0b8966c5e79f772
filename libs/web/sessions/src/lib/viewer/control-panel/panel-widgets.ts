import { type ClientSettings, type SessionFlags } from '@caster/contracts';

export type PanelWidget =
  | 'upload'
  | 'download'
  | 'clipboardUp'
  | 'clipboardDown'
  | 'audio'
  | 'microphone'
  | 'gamepads'
  | 'sharing'
  | 'ime';

/** Panel order. */
export const PANEL_WIDGETS: readonly PanelWidget[] = [
  'upload',
  'download',
  'clipboardUp',
  'clipboardDown',
  'sharing',
  'audio',
  'microphone',
  'gamepads',
  'ime',
];

/**
 * The widgets a session's effective client settings allow. The API refuses what is not allowed
 * anyway; hiding it saves the user a button that can only fail. IME has no "allow" setting, only
 * a default, so its switch is always there. Sharing is also offered when the session was started
 * in sharing mode by its casting link.
 */
export function panelWidgets(settings: ClientSettings, flags: Pick<SessionFlags, 'sharing'>): PanelWidget[] {
  const allowed: Record<PanelWidget, boolean> = {
    upload: settings.allowUploads,
    download: settings.allowDownloads,
    clipboardUp: settings.allowClipboardUp,
    clipboardDown: settings.allowClipboardDown,
    audio: settings.allowAudio,
    microphone: settings.allowMicrophone,
    gamepads: settings.allowGamepads,
    sharing: settings.allowSharing || flags.sharing,
    ime: true,
  };
  return PANEL_WIDGETS.filter((widget) => allowed[widget]);
}
