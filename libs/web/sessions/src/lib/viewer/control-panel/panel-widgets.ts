import { type ClientSettings, type SessionFlags } from '@caster/contracts';

export type PanelWidget =
  | 'display'
  | 'upload'
  | 'download'
  | 'clipboardUp'
  | 'clipboardDown'
  | 'audio'
  | 'microphone'
  | 'gamepads'
  | 'sharing'
  | 'keyboard'
  | 'ime';

/** Panel order. */
export const PANEL_WIDGETS: readonly PanelWidget[] = [
  'display',
  'upload',
  'download',
  'clipboardUp',
  'clipboardDown',
  'sharing',
  'audio',
  'microphone',
  'gamepads',
  'keyboard',
  'ime',
];

/**
 * The widgets a session's effective client settings allow. The API refuses what is not allowed
 * anyway; hiding it saves the user a button that can only fail. IME has no "allow" setting, only
 * a default, so its switch is always there, like the display controls and the on-screen keyboard.
 * Sharing is also offered when the session was started in sharing mode by its casting link.
 * Gamepads are never offered: no session image can take them (a virtual joystick needs the host's
 * /dev/uinput, which sessions are not given; see docker/session-images/README.md), and a switch
 * that changes nothing would be a lie.
 */
export function panelWidgets(settings: ClientSettings, flags: Pick<SessionFlags, 'sharing'>): PanelWidget[] {
  const allowed: Record<PanelWidget, boolean> = {
    display: true,
    upload: settings.allowUploads,
    download: settings.allowDownloads,
    clipboardUp: settings.allowClipboardUp,
    clipboardDown: settings.allowClipboardDown,
    audio: settings.allowAudio,
    microphone: settings.allowMicrophone,
    gamepads: false,
    sharing: settings.allowSharing || flags.sharing,
    keyboard: true,
    ime: true,
  };
  return PANEL_WIDGETS.filter((widget) => allowed[widget]);
}
