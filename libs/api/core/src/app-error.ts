import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, type ErrorCode, type ErrorDetails } from '@caster/contracts';

/** The only exception modules throw: a catalogued code, a human message, optional details. */
export class AppError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Extra response headers (e.g. Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super({ code, message, details }, ERROR_STATUS[code]);
  }
}

export const notFound = (what = 'Resource'): AppError => new AppError('NOT_FOUND', `${what} not found`);

/** VALIDATION_FAILED with per-field reasons, for checks a DTO decorator cannot express. */
export const invalidFields = (fields: Record<string, string>): AppError =>
  new AppError('VALIDATION_FAILED', 'The request has invalid fields', { fields });
