import { MAX_PAGE_SIZE, type WorkspaceType } from '@caster/contracts';
import { type ApiError, errorMessage } from '@caster/web/core';
import { SEARCH_DEBOUNCE_MS } from '@caster/web/ui';
import { type ComboboxItem, MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { groupQueryOptions } from '../groups/api/get-group';
import { useGroups } from '../groups/api/get-groups';
import { useUsers } from '../users/api/get-users';
import { userQueryOptions } from '../users/api/get-user';
import { useWorkspaces } from '../workspaces/api/get-workspaces';
import { workspaceQueryOptions } from '../workspaces/api/get-workspace';

interface PickerProps {
  label: string;
  description?: ReactNode;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: ReactNode;
  disabled?: boolean;
}

/** Selected ids first, labelled when known, then the options; never the same id twice. */
function mergeOptions(
  selected: string[],
  labels: Map<string, string>,
  options: ComboboxItem[],
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

function loadError(error: ApiError | null): ReactNode {
  return error ? `Could not load the choices. ${errorMessage(error.code)}` : undefined;
}

/**
 * Groups to pick from, by name. `excludeSystem` leaves out "All Users", whose membership is
 * implicit; the picker then says so.
 */
export function GroupsMultiSelect({
  excludeSystem = false,
  ...props
}: PickerProps & { excludeSystem?: boolean }) {
  const groups = useGroups({ pageSize: MAX_PAGE_SIZE, sort: 'name', order: 'asc' });
  const all = groups.data?.items ?? [];
  const systemIds = new Set(all.filter((g) => g.system).map((g) => g.id));
  const items = all.filter((g) => !(excludeSystem && g.system));
  const labels = new Map(items.map((g) => [g.id, g.name]));
  const value = excludeSystem ? props.value.filter((id) => !systemIds.has(id)) : props.value;
  // Selected groups beyond the first page of names are looked up one by one.
  const missing = groups.data ? value.filter((id) => !labels.has(id)) : [];
  const lookups = useQueries({ queries: missing.map((id) => ({ ...groupQueryOptions(id), retry: false })) });
  lookups.forEach((lookup, i) => {
    const id = missing[i];
    if (id && lookup.data) labels.set(id, lookup.data.name);
    else if (id && lookup.isError) labels.set(id, `Deleted group (${id.slice(0, 8)})`);
  });
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={value.length === 0 ? 'Choose groups' : undefined}
      searchable
      clearable
      disabled={props.disabled}
      nothingFoundMessage={groups.isPending ? 'Loading groups…' : 'No group has that name'}
      data={mergeOptions(
        value,
        labels,
        items.map((g) => ({ value: g.id, label: g.name })),
      )}
      value={value}
      onChange={props.onChange}
      error={props.error ?? loadError(groups.error)}
    />
  );
}

/** Workspaces to pick from, by name; `type` narrows them (a pool's members are server workspaces). */
export function WorkspacesMultiSelect({ type, ...props }: PickerProps & { type?: WorkspaceType }) {
  const workspaces = useWorkspaces({ pageSize: MAX_PAGE_SIZE, sort: 'name', order: 'asc', type });
  const items = workspaces.data?.items ?? [];
  const labels = new Map(items.map((w) => [w.id, w.name]));
  // Selected workspaces beyond the first page of names are looked up one by one.
  const missing = workspaces.data ? props.value.filter((id) => !labels.has(id)) : [];
  const lookups = useQueries({
    queries: missing.map((id) => ({ ...workspaceQueryOptions(id), retry: false })),
  });
  lookups.forEach((lookup, i) => {
    const id = missing[i];
    if (id && lookup.data) labels.set(id, lookup.data.name);
    else if (id && lookup.isError) labels.set(id, `Deleted workspace (${id.slice(0, 8)})`);
  });
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? 'Choose workspaces' : undefined}
      searchable
      clearable
      disabled={props.disabled}
      nothingFoundMessage={workspaces.isPending ? 'Loading workspaces…' : 'No workspace has that name'}
      data={mergeOptions(
        props.value,
        labels,
        items.map((w) => ({ value: w.id, label: w.name })),
      )}
      value={props.value}
      onChange={props.onChange}
      error={props.error ?? loadError(workspaces.error)}
    />
  );
}

/** Users by name, searched on the server (there may be thousands). */
export function UsersMultiSelect(props: PickerProps) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const users = useUsers({ q: q === '' ? undefined : q, pageSize: 50, sort: 'username', order: 'asc' });
  const items = users.data?.items ?? [];
  const labels = new Map(items.map((u) => [u.id, u.username]));
  const missing = props.value.filter((id) => !labels.has(id));
  const lookups = useQueries({ queries: missing.map((id) => ({ ...userQueryOptions(id), retry: false })) });
  lookups.forEach((lookup, i) => {
    const id = missing[i];
    if (id && lookup.data) labels.set(id, lookup.data.username);
    else if (id && lookup.isError) labels.set(id, `Deleted user (${id.slice(0, 8)})`);
  });
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? 'Search users by name' : undefined}
      searchable
      clearable
      disabled={props.disabled}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched the search; keep every answer it gave.
      filter={({ options }) => options}
      nothingFoundMessage={users.isFetching ? 'Searching…' : 'No user has that name'}
      data={mergeOptions(
        props.value,
        labels,
        items.map((u) => ({ value: u.id, label: u.username })),
      )}
      value={props.value}
      onChange={props.onChange}
      error={props.error ?? loadError(users.error)}
    />
  );
}

/** One user, searched on the server by name. */
export function UserSelect({
  label,
  description,
  value,
  onChange,
}: {
  label: string;
  description?: ReactNode;
  value: string | null;
  onChange: (id: string | null, username: string | null) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const [chosen, setChosen] = useState<ComboboxItem | null>(null);
  const users = useUsers({ q: q === '' ? undefined : q, pageSize: 50, sort: 'username', order: 'asc' });
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.username }));
  const data = chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  return (
    <Select
      label={label}
      description={description}
      placeholder="Search users by name"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={users.isFetching ? 'Searching…' : 'No user has that name'}
      data={data}
      value={value}
      onChange={(id, option: ComboboxItem | null) => {
        setChosen(id && option ? option : null);
        onChange(id, option?.label ?? null);
      }}
      error={loadError(users.error)}
    />
  );
}
