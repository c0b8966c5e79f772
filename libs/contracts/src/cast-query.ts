/**
 * The casting link's own URL query: `#/cast/demo?kasm_url=example.com&file=C%3A%5Cx.xlsx`. It
 * lives inside the hash (browsers never send it to the server), so the page reads it from there
 * and forwards every parameter to the API as a string; the API decides which ones it uses.
 * Accepts a whole hash (`#/cast/demo?a=1`) or just its query (`?a=1`). A repeated name keeps its
 * first value, so a parameter appended to a shared link cannot override the original one.
 * Shared with the API so the Remote App dry run reads a sample link exactly as the page does.
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
 * The parameters a visitor would send for a sample an administrator typed: a whole casting link
 * (`https://host/#/cast/excel?file=…`, whose query is inside the hash), a hash, `?file=…` or a
 * bare `file=…`. A query before the hash belongs to the page, not to the link, and is not read.
 */
export function castParamsFromSample(sample: string): Record<string, string> {
  const text = sample.trim();
  const hash = text.indexOf('#');
  if (hash !== -1) return castParamsFromHash(text.slice(hash));
  if (text.includes('?')) return castParamsFromHash(text);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? {} : castParamsFromHash(`?${text}`);
}
