import { type ClientSettings } from '@caster/contracts';

/**
 * One line per option, in the words of the Session Casting specification, so the form explains
 * each setting where it is changed.
 */
export const FIELD_HELP = {
  name: 'The unique name of this configuration. For administration purposes only.',
  key: 'The unique identifier in the link: visitors launch sessions via …/#/cast/<key>. Leave empty to generate one.',
  workspaceId: 'The workspace to use for the created sessions.',
  enabled: 'When off, the link answers as if it did not exist.',
  allowAnonymous:
    'Requests to the link do not require a sign-in: a new anonymous user account is created for each request.',
  requireCaptcha:
    'Anonymous requests must pass the CAPTCHA (reCAPTCHA, Turnstile or hCaptcha) whose keys are set in Settings.',
  anonymousGroupId:
    'Anonymous accounts are added to All Users and to this group; use its group settings for permissions such as downloads.',
  allowResume:
    'Signed-in users who already have a running session from this link get it resumed instead of a new one.',
  allowedReferrers:
    'Requests are accepted only from links on these websites. One domain (e.g. acme.com) per line; empty accepts all.',
  limitSessions: 'Set a maximum number of sessions this link will serve.',
  sessionsRemaining:
    'How many more sessions can be requested. It decreases as sessions are served; at zero visitors get an error.',
  maxConcurrent:
    'At most this many sessions from this link at once, so one link cannot take every slot. Empty: no limit.',
  limitIps: "Rate-limit requests by the visitor's IP address (e.g. 1 session per 60 seconds).",
  ipRequestLimit: 'The number of sessions one IP address may request within the time below.',
  ipRequestSeconds: 'The time frame, in seconds, that the per-IP count applies to.',
  validUntil:
    'After this time the link no longer works and visitors are shown an error. Empty: no end. Your local time.',
  kasmUrl: 'Given to the sessions as the KASM_URL environment variable; browser workspaces usually open it.',
  dynamicKasmUrl:
    'Visitors may add ?kasm_url=… to the link to set KASM_URL. With Allow Resume, a resumed session opens it in a new tab.',
  dynamicDockerNetwork:
    'Visitors may add ?docker_network=… to the link. The workspace must have Allow Network Selection on.',
  errorUrl:
    'On an error (such as a rate limit) visitors are sent here, with ?code=<CODE>. Empty: the built-in error page.',
  disableControlPanel: 'The control panel widget is not shown in the sessions.',
  disableTips: 'The tips dialog is not shown when a visitor enters a session.',
  enableSharing: 'Sessions start with sharing turned on.',
  disableFixedResolution:
    'In sharing mode the resolution stays dynamic instead of being fixed, as it usually is.',
  enforceClientSettings:
    "The settings below are enforced on the sessions, overriding the client settings of the user's groups.",
  remoteAppConfig:
    'Microsoft RDS/RemoteApp settings for server and pool workspaces: the app name and arguments taken from URL parameters.',
} as const;

export const CLIENT_SETTING_HELP: Record<keyof ClientSettings, { label: string; description: string }> = {
  allowAudio: { label: 'Allow audio', description: 'Sound streams from the session to the visitor.' },
  audioDefaultOn: { label: 'Audio default on', description: 'When off, the audio starts muted.' },
  allowDownloads: {
    label: 'Allow downloads',
    description: 'Files can be downloaded from the session through the control panel.',
  },
  allowClipboardDown: {
    label: 'Allow clipboard down',
    description: "Copying from the session to the visitor's computer.",
  },
  allowClipboardUp: {
    label: 'Allow clipboard up',
    description: "Pasting from the visitor's computer into the session.",
  },
  allowMicrophone: {
    label: 'Allow microphone',
    description: "The visitor's microphone can be passed into the session.",
  },
  allowUploads: {
    label: 'Allow uploads',
    description: 'Files can be uploaded into the session through the control panel.',
  },
  allowGamepads: {
    label: 'Allow gamepads',
    description:
      "Not supported: a gamepad needs a virtual input device (the host's /dev/uinput), which session containers are never given.",
  },
  allowSharing: { label: 'Allow sharing', description: 'The visitor can put their session in sharing mode.' },
  imeDefaultOn: {
    label: 'IME default on',
    description:
      'The IME box (composed text typed into the session) starts open unless the visitor has their own preference.',
  },
};
