/**
 * The casting link's own URL query: `#/cast/demo?kasm_url=example.com&file=C%3A%5Cx.xlsx`. It
 * lives inside the hash (browsers never send it to the server), so the page reads it from there
 * and forwards every parameter to the API as a string; the API decides which ones it uses.
 * Accepts a whole hash (`#/cast/demo?a=1`) or just its query (`?a=1`). A repeated name keeps its
 * first value, so a parameter appended to a shared link cannot override the original one.
 */
export function castParamsFromHash(hashOrSearch: string): Record<string, string> {
  const start = hashOrSearch.indexOf('?');
  if (start === -1) return {};
  let query = hashOrSearch.slice(start + 1);
  const fragment = query.indexOf('#');
  if (fragment !== -1) query = query.slice(0, fragment);
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (name !== '' && !params.has(name)) params.set(name, value);
  }
  // fromEntries defines own properties, so a name like "__proto__" stays an ordinary parameter.
  return Object.fromEntries(params);
}

/**
 * The SPA path of this casting link with its parameters re-encoded (`/cast/demo?file=C%3A%5Cx`),
 * for `#/login?next=`: a raw `\` or space from a hand-typed link would make sign-in drop `next`.
 */
export function castPath(key: string, params: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(params)).toString();
  return `/cast/${encodeURIComponent(key)}${query === '' ? '' : `?${query}`}`;
}
