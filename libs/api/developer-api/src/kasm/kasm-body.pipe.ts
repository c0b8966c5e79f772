import { Body, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError, assertSingleLine, flattenValidationErrors } from '@caster/api/core';

/**
 * Validates a Developer API body against a DTO class. Unlike the global pipe it drops fields it
 * does not know instead of refusing them: Kasm clients send fields Caster has no use for
 * (`environment`, `target_user.realm`, …), and Kasm ignores unknown fields too.
 */
export class KasmBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T>> {
  constructor(private readonly type: new () => T) {}

  async transform(value: unknown): Promise<T> {
    const plain = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
    const instance = plainToInstance(this.type, plain);
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: false,
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'The request has invalid fields', {
        fields: flattenValidationErrors(errors),
      });
    }
    assertSingleLine(instance);
    return instance;
  }
}

/**
 * `@KasmBody(Dto) body: ContractType`. Declare the parameter with an interface type (not the DTO
 * class), so that the global ValidationPipe, which refuses unknown fields, leaves the body alone.
 */
export const KasmBody = <T extends object>(type: new () => T): ParameterDecorator =>
  Body(new KasmBodyPipe(type));

/**
 * The type of a @KasmBody parameter. A mapped type (not the DTO class itself) makes the emitted
 * decorator metadata say `Object`, so the global ValidationPipe — which refuses unknown fields —
 * leaves the body to KasmBodyPipe.
 */
export type KasmRequest<T> = Readonly<T>;
