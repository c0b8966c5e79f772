import { type AdminUser, MAX_PAGE_SIZE, type UserSortField } from '@caster/contracts';
import {
  formatDateTime,
  type ListColumn,
  ListView,
  PageHeader,
  toPageQuery,
  useListParams,
} from '@caster/web/ui';
import { Anchor, Badge, Button, Group, NativeSelect, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useGroups } from '../groups/api/get-groups';
import { useUsers } from './api/get-users';
import { DeleteUserButton } from './delete-user-button';

const SORTS: readonly UserSortField[] = ['username', 'createdAt', 'lastLoginAt'];

const KINDS = [
  { value: '', label: 'All accounts' },
  { value: 'false', label: 'Named users' },
  { value: 'true', label: 'Anonymous visitors' },
];

export function UserStatus({ user }: { user: AdminUser }) {
  const badges = [
    user.anonymous ? (
      <Badge key="anonymous" color="gray" variant="light">
        Anonymous
      </Badge>
    ) : null,
    user.disabled ? (
      <Badge key="disabled" color="red" variant="light">
        Disabled
      </Badge>
    ) : null,
    user.locked ? (
      <Badge key="locked" color="orange" variant="light">
        Locked
      </Badge>
    ) : null,
  ].filter(Boolean);
  return badges.length > 0 ? (
    <Group gap={4}>{badges}</Group>
  ) : (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

export function UsersPage() {
  const params = useListParams(SORTS, 'username');
  const kind = params.filter('anonymous');
  const anonymous = kind === 'true' ? true : kind === 'false' ? false : undefined;
  const users = useUsers({ ...toPageQuery(params), anonymous });
  const groups = useGroups({ pageSize: MAX_PAGE_SIZE, sort: 'name', order: 'asc' });
  const groupNames = new Map((groups.data?.items ?? []).map((g) => [g.id, g]));

  const columns: ListColumn<AdminUser, UserSortField>[] = [
    {
      id: 'username',
      header: 'Username',
      sort: 'username',
      render: (user) => (
        <Anchor component={Link} to={user.id} fw={500}>
          {user.username}
        </Anchor>
      ),
    },
    {
      id: 'role',
      header: 'Role',
      render: (user) => (user.role === 'admin' ? <Badge>Administrator</Badge> : <Text size="sm">User</Text>),
    },
    { id: 'status', header: 'Status', render: (user) => <UserStatus user={user} /> },
    {
      id: 'groups',
      secondary: true,
      header: 'Groups',
      render: (user) => {
        // "All Users" holds everyone, so it says nothing about this user.
        const names = user.groupIds
          .map((id) => groupNames.get(id))
          .filter((g) => g !== undefined && !g.system)
          .map((g) => g?.name ?? '');
        const unnamed = user.groupIds.filter((id) => !groupNames.has(id)).length;
        if (names.length === 0 && unnamed === 0)
          return (
            <Text size="sm" c="dimmed">
              Only All Users
            </Text>
          );
        const shown = names.slice(0, 3).join(', ');
        const more = names.length - 3 + (groups.data ? unnamed : 0);
        return (
          <Text size="sm">
            {shown}
            {more > 0 ? ` +${more} more` : ''}
          </Text>
        );
      },
    },
    {
      id: 'createdAt',
      secondary: true,
      header: 'Created',
      sort: 'createdAt',
      render: (user) => <Text size="sm">{formatDateTime(user.createdAt)}</Text>,
    },
    {
      id: 'lastLoginAt',
      secondary: true,
      header: 'Last sign-in',
      sort: 'lastLoginAt',
      render: (user) => <Text size="sm">{formatDateTime(user.lastLoginAt)}</Text>,
    },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      render: (user) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button
            component={Link}
            to={user.id}
            variant="subtle"
            size="xs"
            aria-label={`Edit ${user.username}`}
          >
            Edit
          </Button>
          <DeleteUserButton user={user} />
        </Group>
      ),
    },
  ];

  return (
    <section data-testid="admin-page-users">
      <PageHeader
        title="Users"
        description="People who can sign in, and the anonymous accounts casting links create for visitors."
        actions={
          <Button component={Link} to="new">
            Add user
          </Button>
        }
      />
      <ListView
        label="Users"
        noun="users"
        query={users}
        params={params}
        columns={columns}
        rowKey={(user) => user.id}
        searchLabel="Search users by name"
        filtered={anonymous !== undefined}
        filters={
          <NativeSelect
            aria-label="Kind of account"
            data={KINDS}
            value={kind ?? ''}
            onChange={(event) => params.setFilter('anonymous', event.currentTarget.value || null)}
          />
        }
        empty={{
          title: 'No users yet',
          text: 'Users will appear here once you add them or visitors arrive through a casting link.',
          action: (
            <Button component={Link} to="new" variant="light">
              Add the first user
            </Button>
          ),
        }}
      />
    </section>
  );
}
