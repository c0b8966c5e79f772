import { type ErrorCode, type ErrorDetails, isErrorCode } from '@caster/contracts';

export interface ApiErrorInit {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
  requestId?: string;
  retryAfterSeconds?: number;
}

/**
 * The only error the SPA's data layer throws. Screens key their text by `code` (see
 * `errorMessages`); `message` is the API's developer-facing text and is never shown as-is.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  readonly requestId?: string;
  /** From `details.retryAfterSeconds` or the `Retry-After` header, whichever the server gave. */
  readonly retryAfterSeconds?: number;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? {};
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** Normalises anything caught (render errors, chunk-load failures …) for `ErrorState`. */
  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    return new ApiError({
      status: 0,
      code: 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * When the body is not our JSON error (a proxy's HTML page, an empty 502), the status is all we
 * have; only statuses that mean "try later" get a more specific code than INTERNAL.
 */
export function fallbackCode(status: number): ErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL';
}

/** Reads `{ error: { code, message, details, requestId } }`; anything else yields `null`. */
export function parseErrorBody(
  body: unknown,
): { code: ErrorCode; message: string; details?: ErrorDetails; requestId?: string } | null {
  if (!isRecord(body) || !isRecord(body['error'])) return null;
  const { code, message, details, requestId } = body['error'];
  if (!isErrorCode(code)) return null;
  return {
    code,
    message: typeof message === 'string' ? message : code,
    details: isRecord(details) ? details : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

/** Accepts both forms HTTP allows: delta-seconds and an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
