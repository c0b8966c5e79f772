import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from './app-error';

/** Flattens class-validator's tree into `{ "a.b[0].c": "reason" }`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const path = prefix
      ? isIndex
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) fields[path] = messages.join('; ');
    if (error.children?.length) Object.assign(fields, flattenValidationErrors(error.children, path));
  }
  return fields;
}

/** Global pipe: strips nothing silently — unknown fields are refused, types are converted. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AppError('VALIDATION_FAILED', 'The request has invalid fields', {
        fields: flattenValidationErrors(errors),
      }),
  });
}
