import { type Group as GroupRecord, type GroupSortField } from '@caster/contracts';
import {
  DeleteButton,
  formatDateTime,
  type ListColumn,
  ListView,
  notifySaved,
  PageHeader,
  toPageQuery,
  useListParams,
} from '@caster/web/ui';
import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useDeleteGroup } from './api/delete-group';
import { useGroups } from './api/get-groups';

const SORTS: readonly GroupSortField[] = ['priority', 'name', 'createdAt'];

export const SYSTEM_GROUP_REASON =
  'All Users is built in: every user belongs to it, so it cannot be deleted or renamed.';

export function DeleteGroupButton({ group, onDeleted }: { group: GroupRecord; onDeleted?: () => void }) {
  const remove = useDeleteGroup();
  return (
    <DeleteButton
      subject={`group ${group.name}`}
      title={`Delete ${group.name}?`}
      message={`Its ${group.userCount} member(s) lose the workspaces and settings it gives them. Users and workspaces themselves are kept.`}
      confirmLabel="Delete group"
      disabledReason={group.system ? SYSTEM_GROUP_REASON : undefined}
      onConfirm={async () => {
        await remove.mutateAsync(group.id);
        notifySaved(`Group ${group.name} deleted.`);
        onDeleted?.();
      }}
    />
  );
}

export function GroupsPage() {
  const params = useListParams(SORTS, 'priority');
  const groups = useGroups(toPageQuery(params));

  const columns: ListColumn<GroupRecord, GroupSortField>[] = [
    {
      id: 'name',
      header: 'Name',
      sort: 'name',
      render: (group) => (
        <Group gap="xs" wrap="nowrap">
          <Anchor component={Link} to={group.id} fw={500}>
            {group.name}
          </Anchor>
          {group.system ? (
            <Badge variant="light" color="gray">
              Built in
            </Badge>
          ) : null}
        </Group>
      ),
    },
    {
      id: 'priority',
      header: 'Priority',
      sort: 'priority',
      render: (group) => <Text size="sm">{group.priority}</Text>,
    },
    {
      id: 'members',
      header: 'Members',
      render: (group) => (
        <Text size="sm">{group.system ? `Everyone (${group.userCount})` : group.userCount}</Text>
      ),
    },
    {
      id: 'workspaces',
      secondary: true,
      header: 'Workspaces',
      render: (group) => <Text size="sm">{group.workspaceIds.length}</Text>,
    },
    {
      id: 'settings',
      secondary: true,
      header: 'Settings set',
      render: (group) => <Text size="sm">{Object.keys(group.settings).length}</Text>,
    },
    {
      id: 'createdAt',
      secondary: true,
      header: 'Created',
      sort: 'createdAt',
      render: (group) => <Text size="sm">{formatDateTime(group.createdAt)}</Text>,
    },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      render: (group) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button
            component={Link}
            to={group.id}
            variant="subtle"
            size="xs"
            aria-label={`Edit group ${group.name}`}
          >
            Edit
          </Button>
          <DeleteGroupButton group={group} />
        </Group>
      ),
    },
  ];

  return (
    <section data-testid="admin-page-groups">
      <PageHeader
        title="Groups"
        description="Which workspaces users may launch, and the session settings that apply to them. When two groups set the same setting, the lower priority number wins."
        actions={
          <Button component={Link} to="new">
            Add group
          </Button>
        }
      />
      <ListView
        label="Groups"
        noun="groups"
        query={groups}
        params={params}
        columns={columns}
        rowKey={(group) => group.id}
        searchLabel="Search groups by name"
        empty={{
          title: 'No groups to show',
          text: 'The built-in All Users group appears here once the server has started; groups you add appear next to it.',
          action: (
            <Button component={Link} to="new" variant="light">
              Add a group
            </Button>
          ),
        }}
      />
    </section>
  );
}
