import { describe, expect, it } from 'vitest';
import { IsInt, IsString, Min, ValidateNested, IsOptional } from 'class-validator';
import { Type } from 'class-transformer';
import { AppError } from './app-error';
import { createValidationPipe } from './validation';

class Inner {
  @IsInt() @Min(1) count!: number;
}
class Body {
  @IsString() name!: string;
  @IsOptional() @ValidateNested() @Type(() => Inner) inner?: Inner;
}

describe('validation pipe', () => {
  const pipe = createValidationPipe();
  const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Body });

  it('passes a valid body', async () => {
    await expect(run({ name: 'a', inner: { count: 2 } })).resolves.toMatchObject({ name: 'a' });
  });

  it('answers VALIDATION_FAILED with every bad field, nested paths included, and refuses unknown fields', async () => {
    const error = (await run({ name: 5, inner: { count: 0 }, extra: true }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.details?.fields ?? {}).sort()).toEqual(['extra', 'inner.count', 'name']);
  });
});
