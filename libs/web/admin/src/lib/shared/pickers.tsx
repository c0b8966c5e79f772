import { MAX_PAGE_SIZE, type WorkspaceType } from '@caster/contracts';
import {
  choicesError,
  type PickerProps,
  RecordsMultiSelect,
  SEARCH_DEBOUNCE_MS,
  withChosen,
} from '@caster/web/ui';
import { type ComboboxItem, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { groupQueryOptions } from '../groups/api/get-group';
import { useGroups } from '../groups/api/get-groups';
import { useUsers } from '../users/api/get-users';
import { userQueryOptions } from '../users/api/get-user';
import { useWorkspaces } from '../workspaces/api/get-workspaces';
import { workspaceQueryOptions } from '../workspaces/api/get-workspace';

// The administration's pickers: the kit's RecordsMultiSelect bound to this lib's API operations.

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
  return (
    <RecordsMultiSelect
      {...props}
      value={excludeSystem ? props.value.filter((id) => !systemIds.has(id)) : props.value}
      noun={{ one: 'group', many: 'groups' }}
      records={groups.data ? items : undefined}
      pending={groups.isPending}
      loadError={groups.error}
      toOption={(g) => ({ value: g.id, label: g.name })}
      lookup={groupQueryOptions}
    />
  );
}

/** Workspaces to pick from, by name; `type` narrows them (a pool's members are server workspaces). */
export function WorkspacesMultiSelect({ type, ...props }: PickerProps & { type?: WorkspaceType }) {
  const workspaces = useWorkspaces({ pageSize: MAX_PAGE_SIZE, sort: 'name', order: 'asc', type });
  return (
    <RecordsMultiSelect
      {...props}
      noun={{ one: 'workspace', many: 'workspaces' }}
      records={workspaces.data?.items}
      pending={workspaces.isPending}
      loadError={workspaces.error}
      toOption={(w) => ({ value: w.id, label: w.name })}
      lookup={workspaceQueryOptions}
    />
  );
}

function useUserSearch() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const users = useUsers({ q: q === '' ? undefined : q, pageSize: 50, sort: 'username', order: 'asc' });
  return { search, setSearch, users };
}

/** Users by name, searched on the server (there may be thousands). */
export function UsersMultiSelect(props: PickerProps) {
  const { search, setSearch, users } = useUserSearch();
  return (
    <RecordsMultiSelect
      {...props}
      noun={{ one: 'user', many: 'users' }}
      placeholder="Search users by name"
      search={{ value: search, onChange: setSearch, fetching: users.isFetching }}
      records={users.data?.items}
      pending={users.isPending}
      loadError={users.error}
      toOption={(u) => ({ value: u.id, label: u.username })}
      lookup={userQueryOptions}
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
  const { search, setSearch, users } = useUserSearch();
  const [chosen, setChosen] = useState<ComboboxItem | null>(null);
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.username }));
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
      data={withChosen(options, chosen?.value, true, () => chosen?.label ?? '')}
      value={value}
      onChange={(id, option: ComboboxItem | null) => {
        setChosen(id && option ? option : null);
        onChange(id, option?.label ?? null);
      }}
      error={choicesError(users.error)}
    />
  );
}
