import { ValidateBy, getMetadataStorage } from 'class-validator';

/**
 * Control characters are refused in every string a request carries. NUL makes PostgreSQL fail
 * (a 500 instead of a 400); the others (escape sequences, backspace, C1 controls) forge what an
 * administrator reads in lists and logs. Tab, line feed and carriage return are the only ones
 * allowed, and only in body fields marked @MultiLine() (descriptions, commands, JSON text).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ALWAYS_REFUSED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAKS = /[\t\n\r]/;
export const CONTROL_CHARACTER_REASON = 'must not contain control characters';
export const LINE_BREAK_REASON = 'must be one line (no tabs or line breaks)';

type Fields = Record<string, string>;

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Field path → reason, for every string below `value` that holds a refused character. */
export function controlCharacterFields(
  value: unknown,
  allowLineBreaks: boolean,
  path = '',
  out: Fields = {},
): Fields {
  if (typeof value === 'string') {
    if (ALWAYS_REFUSED.test(value) || (!allowLineBreaks && LINE_BREAKS.test(value)))
      out[path || 'value'] = CONTROL_CHARACTER_REASON;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => controlCharacterFields(item, allowLineBreaks, join(path, i), out));
  } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (ALWAYS_REFUSED.test(key) || LINE_BREAKS.test(key)) out[join(path, key)] = CONTROL_CHARACTER_REASON;
      controlCharacterFields(item, allowLineBreaks, join(path, key), out);
    }
  }
  return out;
}

const MULTI_LINE = 'isMultiLine';

/**
 * Marks a DTO property (and everything inside it) as text that may span lines: tab, line feed and
 * carriage return are accepted there. Made of class-validator metadata so that PartialType and
 * friends carry it over to derived DTOs.
 */
export const MultiLine = (): PropertyDecorator =>
  ValidateBy({ name: MULTI_LINE, validator: { validate: () => true } });

function multiLineProperties(type: abstract new (...args: never[]) => unknown): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(type, '', true, false)
      .filter((m) => m.name === MULTI_LINE)
      .map((m) => m.propertyName),
  );
}

/**
 * Field path → reason for every tab or line break in a validated DTO instance outside its
 * @MultiLine() properties; nested DTO instances are judged by their own class.
 */
export function lineBreakFields(value: unknown, path = '', out: Fields = {}): Fields {
  if (typeof value === 'string') {
    if (LINE_BREAKS.test(value)) out[path || 'value'] = LINE_BREAK_REASON;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => lineBreakFields(item, join(path, i), out));
  } else if (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value)
  ) {
    const type = value.constructor as (abstract new (...args: never[]) => unknown) | undefined;
    const multiLine = type && type !== Object ? multiLineProperties(type) : new Set<string>();
    for (const [key, item] of Object.entries(value)) {
      if (!multiLine.has(key)) lineBreakFields(item, join(path, key), out);
    }
  }
  return out;
}
