/**
 * The full link a visitor opens: this SPA's own address (wherever it is served from) plus
 * `#/cast/<key>`, e.g. `https://caster.example.com/#/cast/demo`.
 */
export function castUrl(
  key: string,
  location: Pick<Location, 'origin' | 'pathname'> = window.location,
): string {
  return `${location.origin}${location.pathname}#/cast/${encodeURIComponent(key)}`;
}
