import { HttpException } from '@nestjs/common';
import type { ErrorBody, ErrorCode, ErrorDetails } from '@caster/contracts';
import { ERROR_STATUS } from '@caster/contracts';
import { AppError } from './app-error';

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** True when the cause is a bug or an outage: log it with its stack. */
  unexpected: boolean;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const GENERIC_MESSAGE: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: 'Not found',
  AUTH_REQUIRED: 'Sign in first',
  FORBIDDEN: 'You may not do that',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  MALFORMED_JSON: 'The request body is not valid JSON',
  RATE_LIMITED: 'Too many requests; try again later',
  INTERNAL: 'Something went wrong on our side',
};

/** body-parser's errors carry a `type` and a `status`. */
function bodyParserError(e: unknown): { type: string; status: number } | null {
  if (typeof e !== 'object' || e === null) return null;
  const { type, status } = e as { type?: unknown; status?: unknown };
  return typeof type === 'string' && typeof status === 'number' ? { type, status } : null;
}

const OUTAGE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
// SQLSTATE: class 08 connection exceptions; admin/crash shutdown, cannot connect now; too many connections.
const OUTAGE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
const OUTAGE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

/**
 * Whether an error means the database cannot be reached right now (restarting, overloaded pool),
 * rather than a bug: the caller gets a coded 503 with Retry-After instead of a 500, and may retry.
 */
export function isDatabaseOutage(e: unknown): boolean {
  for (let cause = e, depth = 0; typeof cause === 'object' && cause !== null && depth < 3; depth++) {
    const { code, message, driverError } = cause as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
    };
    if (typeof code === 'string' && (OUTAGE_ERRNO.has(code) || OUTAGE_SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && OUTAGE_MESSAGE.test(message)) return true;
    cause = driverError;
  }
  return false;
}

/** Turns anything thrown into the one wire shape; unknown errors never leak their text. */
export function mapError(exception: unknown, requestId?: string): MappedError {
  const build = (
    code: ErrorCode,
    message: string,
    details?: ErrorDetails,
    headers: Record<string, string> = {},
  ) => ({
    status: ERROR_STATUS[code],
    body: { error: { code, message, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } },
    headers,
    unexpected: ERROR_STATUS[code] >= 500,
  });

  if (exception instanceof AppError) {
    return build(exception.code, exception.message, exception.details, exception.headers);
  }
  const parser = bodyParserError(exception);
  if (parser) {
    if (parser.type === 'entity.parse.failed')
      return build('MALFORMED_JSON', GENERIC_MESSAGE.MALFORMED_JSON!);
    if (parser.type === 'entity.too.large')
      return build('PAYLOAD_TOO_LARGE', GENERIC_MESSAGE.PAYLOAD_TOO_LARGE!);
    if (parser.status >= 400 && parser.status < 500)
      return build('BAD_REQUEST', 'The request body could not be read');
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code: ErrorCode = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    // Nest's own 4xx messages are safe to show; 5xx text may hold internals.
    const message = status < 500 ? exception.message : (GENERIC_MESSAGE[code] ?? GENERIC_MESSAGE.INTERNAL!);
    return build(code, message || GENERIC_MESSAGE[code] || 'Request failed');
  }
  if (isDatabaseOutage(exception)) {
    return build(
      'SERVICE_UNAVAILABLE',
      'The service is briefly unavailable; try again in a few seconds',
      undefined,
      {
        'Retry-After': '5',
      },
    );
  }
  return build('INTERNAL', GENERIC_MESSAGE.INTERNAL!);
}
