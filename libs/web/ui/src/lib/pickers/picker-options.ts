import { type ApiError, errorMessage } from '@caster/web/core';
import { type ComboboxItem } from '@mantine/core';
import { type QueryKey, useQueries, type UseQueryOptions } from '@tanstack/react-query';

/** Selected ids first, labelled when known, then the options; never the same id twice. */
export function mergeOptions(
  selected: readonly string[],
  labels: ReadonlyMap<string, string>,
  options: readonly ComboboxItem[],
): ComboboxItem[] {
  const seen = new Set<string>();
  const out: ComboboxItem[] = [];
  for (const id of selected) {
    seen.add(id);
    out.push({ value: id, label: labels.get(id) ?? `Loading… (${id.slice(0, 8)})` });
  }
  for (const option of options) if (!seen.has(option.value)) out.push(option);
  return out;
}

/** What a picker says when its choices could not be loaded. */
export function choicesError(error: ApiError | null, what = 'the choices'): string | undefined {
  return error ? `Could not load ${what}. ${errorMessage(error.code)}` : undefined;
}

/**
 * Labels for chosen ids the picker's list did not hold (beyond its first page, or deleted),
 * looked up one by one; a lookup that fails reads "Deleted <noun> (1234abcd)".
 */
export function useChosenLabels<T, K extends QueryKey>(
  missing: readonly string[],
  lookup: (id: string) => UseQueryOptions<T, ApiError, T, K>,
  labelOf: (record: T) => string,
  noun: string,
): Map<string, string> {
  const lookups = useQueries({ queries: missing.map((id) => ({ ...lookup(id), retry: false })) });
  const labels = new Map<string, string>();
  lookups.forEach((result, i) => {
    const id = missing[i];
    if (id && result.data !== undefined) labels.set(id, labelOf(result.data));
    else if (id && result.isError) labels.set(id, `Deleted ${noun} (${id.slice(0, 8)})`);
  });
  return labels;
}

/**
 * A single choice's options: the chosen id stays listed (as `fallback(id)`) when the loaded
 * options no longer hold it, so the form never shows a value it cannot name.
 */
export function withChosen(
  options: ComboboxItem[],
  chosen: string | null | undefined,
  loaded: boolean,
  fallback: (id: string) => string,
): ComboboxItem[] {
  if (!chosen || !loaded || options.some((o) => o.value === chosen)) return options;
  return [{ value: chosen, label: fallback(chosen) }, ...options];
}
