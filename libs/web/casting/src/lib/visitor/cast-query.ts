import { CAST_TEST_PARAM } from '@caster/contracts';

/**
 * The SPA path of this casting link with its parameters re-encoded (`/cast/demo?file=C%3A%5Cx`),
 * for `#/login?next=`: a raw `\` or space from a hand-typed link would make sign-in drop `next`.
 */
export function castPath(key: string, params: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(params)).toString();
  return `/cast/${encodeURIComponent(key)}${query === '' ? '' : `?${query}`}`;
}

/**
 * The link's parameters without "Open as a visitor"'s `caster_test`, which goes to the API on its
 * own (as `testToken`) and is never a workspace parameter.
 */
export function splitTestToken(params: Record<string, string>): {
  params: Record<string, string>;
  testToken: string | undefined;
} {
  const { [CAST_TEST_PARAM]: testToken, ...rest } = params;
  return { params: rest, testToken };
}
