import { type ApiError } from '@caster/web/core';

/**
 * Splits an API field path (`server.host`, `trustedProxies[2]`, `runConfig.volumes./data.bind`)
 * into segments. Brackets hold list indexes; every dot separates, so a key that contains a dot
 * is split too — matching only needs the leading segments to be right.
 */
export function apiPathSegments(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '');
}

/** What a form field shows for a problem found below it, e.g. `line 3: not a CIDR range`. */
export type DescribeRest = (rest: string[], reason: string) => string;

export interface FieldErrorTarget {
  /** The form path (Mantine dot path) that shows the error. */
  field: string;
  /**
   * How a problem deeper than `field` is worded; defaults to naming the rest of the path
   * (`#3` for a list index).
   */
  describeRest?: DescribeRest;
}

export interface MappedFieldErrors {
  /** Form path → message, ready for Mantine's `form.setErrors`. */
  errors: Record<string, string>;
  /** Problems no field of the form can show, worded with their API path. */
  unmatched: string[];
}

const defaultDescribeRest: DescribeRest = (rest, reason) =>
  `${rest.map((segment) => (/^\d+$/.test(segment) ? `#${Number(segment) + 1}` : segment)).join(' ')}: ${reason}`;

/** Words a problem inside a JSON value by its path in it: `volumes["/data"]: …` reads as `volumes./data: …`. */
export const describeJsonPath: DescribeRest = (rest, reason) =>
  `${rest.map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('')}: ${reason}`;

/** Words list-index problems as lines of a one-per-line textarea: `Line 3: …`. */
export const describeLine: DescribeRest = (rest, reason) => {
  const [first, ...more] = rest;
  if (first !== undefined && /^\d+$/.test(first)) {
    const deeper = more.length > 0 ? `${more.join('.')}: ` : '';
    return `Line ${Number(first) + 1}: ${deeper}${reason}`;
  }
  return defaultDescribeRest(rest, reason);
};

/**
 * Maps `VALIDATION_FAILED` `details.fields` onto form fields. An API path goes to the form field
 * with the longest matching leading segments (`settings.max_kasms_per_user` to that setting,
 * `env.FOO` to the `env` editor, `trustedProxies[2]` to the textarea). Several problems landing on
 * one field are joined. `targets` may be plain paths or paths with their own wording.
 */
export function mapFieldErrors(
  fields: Record<string, string> | undefined,
  targets: readonly (string | FieldErrorTarget)[],
  /** Turns an API path into a form path first, e.g. `env.FOO` into the row `env.2.key`. */
  rewrite?: (apiPath: string) => string | undefined,
): MappedFieldErrors {
  const normalised = targets.map((target) => {
    const t = typeof target === 'string' ? { field: target } : target;
    return { ...t, segments: apiPathSegments(t.field) };
  });
  const collected = new Map<string, string[]>();
  const unmatched: string[] = [];

  for (const [apiPath, reason] of Object.entries(fields ?? {})) {
    const path = rewrite?.(apiPath) ?? apiPath;
    const segments = apiPathSegments(path);
    let best: (typeof normalised)[number] | undefined;
    for (const target of normalised) {
      const matches =
        target.segments.length <= segments.length &&
        target.segments.every((segment, i) => segment === segments[i]);
      if (matches && (!best || target.segments.length > best.segments.length)) best = target;
    }
    if (!best) {
      unmatched.push(`${apiPath}: ${reason}`);
      continue;
    }
    const rest = segments.slice(best.segments.length);
    const message = rest.length === 0 ? reason : (best.describeRest ?? defaultDescribeRest)(rest, reason);
    const list = collected.get(best.field) ?? [];
    list.push(message);
    collected.set(best.field, list);
  }

  const errors: Record<string, string> = {};
  for (const [field, messages] of collected) errors[field] = messages.join('; ');
  return { errors, unmatched };
}

/** The field problems of an error, when it is a validation failure; otherwise none. */
export function validationFields(error: ApiError): Record<string, string> | undefined {
  if (error.code !== 'VALIDATION_FAILED') return undefined;
  return error.details.fields;
}

/**
 * describeLine for a textarea whose blank lines are dropped before sending: the API's index
 * counts sent entries, the message names the line the administrator sees.
 */
export function describeLinesOf(text: string): DescribeRest {
  const lineIndexes = text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [i]));
  return (rest, reason) => {
    const [first, ...more] = rest;
    if (first !== undefined && /^\d+$/.test(first)) {
      return describeLine([String(lineIndexes[Number(first)] ?? Number(first)), ...more], reason);
    }
    return describeLine(rest, reason);
  };
}
