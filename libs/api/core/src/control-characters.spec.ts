import { PartialType } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { MultiLine, controlCharacterFields, lineBreakFields } from './control-characters';

class Inner {
  @IsString() label!: string;
  @MultiLine() @IsString() notes!: string;
}
class Outer {
  @IsString() name!: string;
  @MultiLine() @IsString() description!: string;
  @ValidateNested() @Type(() => Inner) inner!: Inner;
  env!: Record<string, string>;
}
class PartialOuter extends PartialType(Outer) {}

describe('controlCharacterFields', () => {
  it('names every string holding NUL, escape, DEL or a C1 control, keys included', () => {
    expect(
      controlCharacterFields(
        { a: 'x\u0000', b: ['ok', 'e\u001b['], c: { d: '\u007f', e: '\u0085' }, ['k\u0000']: 1 },
        true,
      ),
    ).toEqual({
      a: expect.any(String),
      'b[1]': expect.any(String),
      'c.d': expect.any(String),
      'c.e': expect.any(String),
      'k\u0000': expect.any(String),
    });
  });

  it('lets tab and line breaks through only when asked', () => {
    expect(controlCharacterFields({ a: 'one\ntwo\tthree\r' }, true)).toEqual({});
    expect(Object.keys(controlCharacterFields({ a: 'one\ntwo' }, false))).toEqual(['a']);
  });

  it('accepts ordinary text, unicode included', () => {
    expect(controlCharacterFields({ a: 'Zoë — 東京 👍', n: 3, z: null }, false)).toEqual({});
  });
});

describe('lineBreakFields', () => {
  it('allows line breaks only in @MultiLine properties, nested DTOs judged by their own class', () => {
    const dto = plainToInstance(Outer, {
      name: 'a\nb',
      description: 'line 1\nline 2',
      inner: { label: 'x\ty', notes: 'p\nq' },
      env: { KEY: 'v\nw' },
    });
    expect(Object.keys(lineBreakFields(dto)).sort()).toEqual(['env.KEY', 'inner.label', 'name']);
  });

  it('keeps the marks on PartialType-derived DTOs', () => {
    const dto = plainToInstance(PartialOuter, { name: 'n', description: 'a\nb' });
    expect(lineBreakFields(dto)).toEqual({});
  });
});
