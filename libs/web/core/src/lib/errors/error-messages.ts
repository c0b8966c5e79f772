import { type ErrorCode, isErrorCode } from '@caster/contracts';

/**
 * What each error code means to the person in front of the screen. Typed as a full Record so a
 * code added to the contracts catalogue fails typecheck until it has a sentence here.
 */
export const errorMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some of the information you entered is not valid. Check it and try again.',
  MALFORMED_JSON: 'Your request could not be read. Reload the page and try again.',
  BAD_REQUEST: 'Your request could not be understood. Reload the page and try again.',
  AUTH_REQUIRED: 'You need to sign in to continue.',
  INVALID_CREDENTIALS: 'The username or password is incorrect.',
  FORBIDDEN: 'You do not have permission to do this.',
  ACCOUNT_DISABLED: 'This account has been disabled. Ask your administrator to turn it back on.',
  ACCOUNT_LOCKED: 'This account is locked. Ask your administrator to unlock it.',
  CURRENT_PASSWORD_INCORRECT: 'Your current password is not correct.',
  NOT_FOUND: 'We could not find what you were looking for. It may have been removed.',
  CONFLICT: 'Someone else changed this in the meantime. Reload the page and try again.',
  PAYLOAD_TOO_LARGE: 'What you sent is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This type of file is not supported.',
  RATE_LIMITED: 'Too many requests came from your network. Wait a moment and try again.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
  SERVICE_UNAVAILABLE:
    'The service cannot be reached right now. Check your connection and try again shortly.',
  CAST_NOT_FOUND: 'This link does not exist or has been turned off.',
  CAST_EXPIRED: 'This link has expired and can no longer be used.',
  REFERRER_NOT_ALLOWED: 'This link only works when opened from the website that shared it.',
  CAPTCHA_REQUIRED: 'Please complete the "I am not a robot" check to continue.',
  CAPTCHA_INVALID: 'The "I am not a robot" check failed or expired. Please try it again.',
  PARAMETER_INVALID: 'This link contains a value that is not valid. Check that you copied the whole link.',
  PARAMETER_REQUIRED: 'This link is missing some information. Check that you copied the whole link.',
  PARAMETER_NOT_ALLOWED:
    'This link contains an option that is not allowed. Use the link exactly as it was shared.',
  SESSIONS_EXHAUSTED: 'This link has been used as many times as it allows, so no new session can start.',
  NO_CAPACITY: 'There is no room to start a new session right now. Try again in a few minutes.',
  LINK_AT_CAPACITY:
    'Everyone this link can serve at once is already in a session. Try again in a few minutes.',
  ISOLATION_UNAVAILABLE:
    'Sessions cannot be started safely right now. The administrator has been told; try again later.',
  PROVISION_FAILED: 'Your session could not be started. Try again in a moment.',
  SESSION_LIMIT_REACHED: 'You already have as many sessions as you are allowed. Close one and try again.',
  CLIENT_SETTING_DENIED: 'This action is turned off for this session.',
  PATH_NOT_ALLOWED:
    'That file or folder cannot be used: it is reached through a link, or it is not a plain file or folder.',
  GRANT_INVALID: 'This link into the session was already used or has expired. Open the session again.',
  SERVER_PROTOCOL_UNSUPPORTED:
    'This workspace connects to a server Caster cannot stream (only RDP servers are supported).',
  RDP_FILE_ADMIN_ONLY: 'This session runs in your browser; there is no file to download.',
  SESSION_MOVED: 'This session address has moved. Open the session again from Caster.',
  WORKSPACE_DISABLED: 'This workspace is currently turned off.',
  USERNAME_TAKEN: 'That username is already taken. Choose another one.',
  NAME_TAKEN: 'That name is already in use. Choose another one.',
  KEY_TAKEN: 'That link key is already in use. Choose another one.',
  USER_HAS_SESSIONS: 'This user still has sessions running. Stop them first.',
  SYSTEM_GROUP: 'This is a built-in group and cannot be removed.',
  LAST_ADMIN: 'Caster must keep at least one active administrator, so this change is not allowed.',
};

/** For a missing or unrecognised code (an old link, a hand-edited URL). */
export const GENERIC_ERROR_MESSAGE = 'Something went wrong. Please try again, or go back to the home page.';

export interface ErrorMessageOptions {
  /** Only RATE_LIMITED uses it: tells the visitor when a retry can succeed. */
  retryAfterSeconds?: number;
}

/** The sentence to show for a code, taking untrusted input (e.g. `?code=` of the error page). */
export function errorMessage(code: unknown, options: ErrorMessageOptions = {}): string {
  if (!isErrorCode(code)) return GENERIC_ERROR_MESSAGE;
  const { retryAfterSeconds } = options;
  if (code === 'RATE_LIMITED' && retryAfterSeconds !== undefined && retryAfterSeconds > 0) {
    return `Too many requests came from your network. Try again in ${formatWait(retryAfterSeconds)}.`;
  }
  return errorMessages[code];
}

export function formatWait(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/**
 * `#/error?code=…` — where visitor-facing flows (the cast page) send an error without an Error URL.
 * `retryPath` (a `/cast/<key>?…` path) is where its "Try again" goes.
 */
export function errorPagePath(
  code: ErrorCode,
  retryAfterSeconds?: number,
  retryPath?: string | null,
): string {
  const params = new URLSearchParams({ code });
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) {
    params.set('retryAfter', String(Math.ceil(retryAfterSeconds)));
  }
  if (retryPath) params.set('retry', retryPath);
  return `/error?${params.toString()}`;
}
