import { type ApiError } from '@caster/web/core';
import { type ComboboxItem, MultiSelect, type OptionsFilter } from '@mantine/core';
import { type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { type ReactNode } from 'react';
import { choicesError, mergeOptions, useChosenLabels } from './picker-options';

export interface PickerProps {
  label: string;
  description?: ReactNode;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: ReactNode;
  disabled?: boolean;
}

export interface RecordsMultiSelectProps<T, K extends QueryKey = QueryKey> extends PickerProps {
  /** Singular and plural of what is picked: `{ one: 'group', many: 'groups' }`. */
  noun: { one: string; many: string };
  /** The records on offer (one page of them, by name), with the state of their query. */
  records: readonly T[] | undefined;
  pending: boolean;
  loadError: ApiError | null;
  toOption: (record: T) => ComboboxItem;
  /** Query options to fetch one record, for chosen ids the page does not hold. */
  lookup: (id: string) => UseQueryOptions<T, ApiError, T, K>;
  placeholder?: string;
  /** The server searches (there may be thousands): the picker then shows what it answered. */
  search?: { value: string; onChange: (value: string) => void; fetching: boolean };
}

const keepAll: OptionsFilter = ({ options }) => options;

/**
 * Several records chosen by name: the chosen ones always named (looked up when the page does not
 * hold them, "Deleted …" when gone), searchable, clearable, and saying when the choices failed.
 */
export function RecordsMultiSelect<T, K extends QueryKey>({
  noun,
  records,
  pending,
  loadError,
  toOption,
  lookup,
  placeholder,
  search,
  ...props
}: RecordsMultiSelectProps<T, K>) {
  const options = (records ?? []).map(toOption);
  const labels = new Map(options.map((o) => [o.value, o.label]));
  // Until the page arrives, every chosen id would look missing: wait for it (unless searching).
  const missing = records || search ? props.value.filter((id) => !labels.has(id)) : [];
  for (const [id, label] of useChosenLabels(missing, lookup, (r) => toOption(r).label, noun.one))
    labels.set(id, label);
  const busy = search ? search.fetching : pending;
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? (placeholder ?? `Choose ${noun.many}`) : undefined}
      searchable
      clearable
      disabled={props.disabled}
      searchValue={search?.value}
      onSearchChange={search?.onChange}
      // The server already matched the search; keep every answer it gave.
      filter={search ? keepAll : undefined}
      nothingFoundMessage={
        busy ? (search ? 'Searching…' : `Loading ${noun.many}…`) : `No ${noun.one} has that name`
      }
      data={mergeOptions(props.value, labels, options)}
      value={props.value}
      onChange={props.onChange}
      error={props.error ?? choicesError(loadError)}
    />
  );
}
