/**
 * The SPA path of this casting link with its parameters re-encoded (`/cast/demo?file=C%3A%5Cx`),
 * for `#/login?next=`: a raw `\` or space from a hand-typed link would make sign-in drop `next`.
 */
export function castPath(key: string, params: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(params)).toString();
  return `/cast/${encodeURIComponent(key)}${query === '' ? '' : `?${query}`}`;
}
