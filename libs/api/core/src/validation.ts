import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppError } from './app-error';
import { lineBreakFields } from './control-characters';

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

/**
 * The global pipe: class-validator as configured below, then tabs and line breaks are refused in
 * every string of a validated body outside its @MultiLine() fields (other control characters
 * never get this far: see InputCharactersGuard).
 */
class CasterValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body' && this.toValidate(metadata)) assertSingleLine(result);
    return result;
  }
}

/** Throws VALIDATION_FAILED naming each field of a validated DTO that holds a tab or line break. */
export function assertSingleLine(dto: unknown): void {
  const fields = lineBreakFields(dto);
  if (Object.keys(fields).length > 0)
    throw new AppError('VALIDATION_FAILED', 'The request has invalid fields', { fields });
}

/** Global pipe: strips nothing silently — unknown fields are refused, types are converted. */
export function createValidationPipe(): ValidationPipe {
  return new CasterValidationPipe({
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
