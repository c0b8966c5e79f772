/**
 * The error catalogue: every code the API can answer with, and its HTTP status, in one table.
 * The SPA keys its messages by these codes (libs/web/core error-messages.ts); it never parses `message`.
 */
export const ERROR_STATUS = {
  // generic
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  AUTH_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  ACCOUNT_LOCKED: 403,
  /** POST /api/auth/password: the current password given is not the account's (403, not 401: the caller stays signed in). */
  CURRENT_PASSWORD_INCORRECT: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  // casting pipeline (DESIGN.md, "The cast request")
  CAST_NOT_FOUND: 404,
  CAST_EXPIRED: 410,
  REFERRER_NOT_ALLOWED: 403,
  CAPTCHA_REQUIRED: 401,
  CAPTCHA_INVALID: 403,
  PARAMETER_INVALID: 400,
  PARAMETER_REQUIRED: 400,
  PARAMETER_NOT_ALLOWED: 400,
  SESSIONS_EXHAUSTED: 409,
  NO_CAPACITY: 503,
  /** The casting link already has its maxConcurrent live sessions. */
  LINK_AT_CAPACITY: 503,
  /** No session engine could be fenced in (network rules missing) and ALLOW_UNISOLATED_SESSIONS is off. */
  ISOLATION_UNAVAILABLE: 503,
  PROVISION_FAILED: 502,
  // sessions
  SESSION_LIMIT_REACHED: 409,
  CLIENT_SETTING_DENIED: 403,
  /** File transfer: the path goes through a symbolic link, or is not a folder / regular file. */
  PATH_NOT_ALLOWED: 400,
  WORKSPACE_DISABLED: 409,
  /** A server workspace whose protocol the RDP gateway cannot stream (VNC, SSH). */
  SERVER_PROTOCOL_UNSUPPORTED: 409,
  /** GET /api/sessions/:id/rdp: the .rdp file names the server, so only administrators get it. */
  RDP_FILE_ADMIN_ONLY: 403,
  /** A session entry code that was already used, has expired or belongs to another session. */
  GRANT_INVALID: 401,
  /** The dashboard's /session/<id>/ no longer serves session content (it has its own origin). */
  SESSION_MOVED: 410,
  // users, groups, workspaces
  USERNAME_TAKEN: 409,
  NAME_TAKEN: 409,
  KEY_TAKEN: 409,
  USER_HAS_SESSIONS: 409,
  SYSTEM_GROUP: 409,
  /** Deleting, demoting, disabling or locking the last active administrator. */
  LAST_ADMIN: 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

/** The wire shape of every error answered outside /api/public. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ErrorDetails;
    requestId?: string;
  };
}

export interface ErrorDetails {
  /** VALIDATION_FAILED: field path → what is wrong with it. */
  fields?: Record<string, string>;
  /** RATE_LIMITED: seconds until a retry may succeed. */
  retryAfterSeconds?: number;
  /** Casting errors: where the visitor should be sent (the config's Error URL). */
  errorUrl?: string;
  [key: string]: unknown;
}
