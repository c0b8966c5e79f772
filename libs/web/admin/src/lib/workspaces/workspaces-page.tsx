import {
  type Workspace,
  type WorkspaceSortField,
  WORKSPACE_TYPES,
  type WorkspaceType,
} from '@caster/contracts';
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
import { Anchor, Badge, Button, Code, Group, NativeSelect, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useDeleteWorkspace } from './api/delete-workspace';
import { useWorkspaces } from './api/get-workspaces';
import { WORKSPACE_TYPE_LABELS } from './workspace-form-values';
import { useEngineImages } from './api/get-engine-images';
import { ImageAvailabilityBadges } from './image-availability';

const SORTS: readonly WorkspaceSortField[] = ['name', 'type', 'createdAt'];

/** The one line that tells workspaces of a type apart: image, server address, pool size or URL. */
export function WorkspaceTarget({ workspace }: { workspace: Workspace }) {
  switch (workspace.type) {
    case 'container':
      return <Code>{workspace.image}</Code>;
    case 'server':
      return workspace.server ? (
        <Text size="sm">
          {workspace.server.protocol.toUpperCase()} {workspace.server.host}:{workspace.server.port}
        </Text>
      ) : null;
    case 'pool': {
      const n = workspace.poolServerIds?.length ?? 0;
      return <Text size="sm">{n === 1 ? '1 server' : `${n} servers`}</Text>;
    }
    case 'link':
      return (
        <Text size="sm" truncate maw={280}>
          {workspace.url}
        </Text>
      );
  }
}

export function DeleteWorkspaceButton({
  workspace,
  onDeleted,
}: {
  workspace: Workspace;
  onDeleted?: () => void;
}) {
  const remove = useDeleteWorkspace();
  return (
    <DeleteButton
      subject={`workspace ${workspace.name}`}
      title={`Delete ${workspace.name}?`}
      message="Groups can no longer launch it, and casting links that start it stop working. This cannot be undone."
      confirmLabel="Delete workspace"
      onConfirm={async () => {
        await remove.mutateAsync(workspace.id);
        notifySaved(`Workspace ${workspace.name} deleted.`);
        onDeleted?.();
      }}
    />
  );
}

function isWorkspaceType(value: string | null): value is WorkspaceType {
  return WORKSPACE_TYPES.some((t) => t === value);
}

export function WorkspacesPage() {
  const params = useListParams(SORTS, 'name');
  const rawType = params.filter('type');
  const type = isWorkspaceType(rawType) ? rawType : undefined;
  const workspaces = useWorkspaces({ ...toPageQuery(params), type });

  const engines = useEngineImages();
  const columns: ListColumn<Workspace, WorkspaceSortField>[] = [
    {
      id: 'name',
      header: 'Name',
      sort: 'name',
      render: (workspace) => (
        <Anchor component={Link} to={workspace.id} fw={500}>
          {workspace.name}
        </Anchor>
      ),
    },
    {
      id: 'type',
      header: 'Type',
      sort: 'type',
      render: (workspace) => (
        <Badge variant="light" color="gray">
          {WORKSPACE_TYPE_LABELS[workspace.type]}
        </Badge>
      ),
    },
    {
      id: 'target',
      secondary: true,
      header: 'Runs',
      render: (workspace) => <WorkspaceTarget workspace={workspace} />,
    },
    {
      id: 'engines',
      header: 'On engines',
      render: (workspace) =>
        workspace.type === 'container' && workspace.image ? (
          <ImageAvailabilityBadges image={workspace.image} engines={engines.data?.engines} />
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      id: 'enabled',
      header: 'Status',
      render: (workspace) =>
        workspace.enabled ? (
          <Badge color="green" variant="light">
            Enabled
          </Badge>
        ) : (
          <Badge color="red" variant="light">
            Disabled
          </Badge>
        ),
    },
    {
      id: 'groups',
      secondary: true,
      header: 'Groups',
      render: (workspace) => (
        <Text size="sm" c={workspace.groupIds.length === 0 ? 'dimmed' : undefined}>
          {workspace.groupIds.length === 0 ? 'None (casting only)' : workspace.groupIds.length}
        </Text>
      ),
    },
    {
      id: 'createdAt',
      secondary: true,
      header: 'Created',
      sort: 'createdAt',
      render: (workspace) => <Text size="sm">{formatDateTime(workspace.createdAt)}</Text>,
    },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      render: (workspace) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button
            component={Link}
            to={workspace.id}
            variant="subtle"
            size="xs"
            aria-label={`Edit workspace ${workspace.name}`}
          >
            Edit
          </Button>
          <DeleteWorkspaceButton workspace={workspace} />
        </Group>
      ),
    },
  ];

  return (
    <section data-testid="admin-page-workspaces">
      <PageHeader
        title="Workspaces"
        description="What a session runs: a container image, a remote server or pool, or a web link."
        actions={
          <Button component={Link} to="new">
            Add workspace
          </Button>
        }
      />
      <ListView
        label="Workspaces"
        noun="workspaces"
        query={workspaces}
        params={params}
        columns={columns}
        rowKey={(workspace) => workspace.id}
        searchLabel="Search workspaces by name"
        filtered={type !== undefined}
        filters={
          <NativeSelect
            aria-label="Workspace type"
            data={[
              { value: '', label: 'All types' },
              ...WORKSPACE_TYPES.map((t) => ({ value: t, label: WORKSPACE_TYPE_LABELS[t] })),
            ]}
            value={type ?? ''}
            onChange={(event) => params.setFilter('type', event.currentTarget.value || null)}
          />
        }
        empty={{
          title: 'No workspaces yet',
          text: 'Workspaces will appear here once you add one. Users launch them from their dashboard, and casting links start them for visitors.',
          action: (
            <Button component={Link} to="new" variant="light">
              Add the first workspace
            </Button>
          ),
        }}
      />
    </section>
  );
}
