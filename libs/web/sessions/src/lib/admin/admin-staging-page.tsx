import { type StagingConfigView, type Workspace } from '@caster/contracts';
import { ConfirmButton, EmptyState, ErrorState, LoadingState, PageHeader } from '@caster/web/ui';
import { Button, Group, Modal, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useDeleteStagingConfig } from '../api/delete-staging-config';
import { useContainerWorkspaces } from '../api/get-container-workspaces';
import { useStagingConfigs } from '../api/get-staging-configs';
import { StagingForm } from './staging-form';

type Editing = { mode: 'create' } | { mode: 'edit'; config: StagingConfigView } | null;

function workspaceName(workspaces: Workspace[] | undefined, id: string): string {
  return workspaces?.find((w) => w.id === id)?.name ?? 'Unknown workspace';
}

/** `#/admin/staging`: warm sessions kept ready per workspace, so a launch gets one at once. */
export function AdminStagingPage() {
  const configs = useStagingConfigs();
  const workspaces = useContainerWorkspaces();
  const remove = useDeleteStagingConfig();
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);

  let body;
  if (configs.isPending) body = <LoadingState label="Loading staging pools…" />;
  else if (configs.isError)
    body = <ErrorState error={configs.error} onRetry={() => void configs.refetch()} />;
  else if (configs.data.items.length === 0)
    body = (
      <EmptyState
        title="No staging pools yet"
        text="A staging pool keeps sessions of a container workspace started ahead of time, so that whoever launches it next gets one at once."
        action={<Button onClick={() => setEditing({ mode: 'create' })}>Add a staging pool</Button>}
      />
    );
  else
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover aria-label="Staging pools">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Workspace</Table.Th>
              <Table.Th>Desired</Table.Th>
              <Table.Th>Ready</Table.Th>
              <Table.Th>Replace after</Table.Th>
              <Table.Th w={170}>
                <Text span size="sm" fw={700} style={{ visibility: 'hidden' }}>
                  Actions
                </Text>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {configs.data.items.map((config) => {
              const name = workspaceName(workspaces.data, config.workspaceId);
              return (
                <Table.Tr key={config.id} data-testid={`staging-row-${config.id}`}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>{config.desiredSessions}</Table.Td>
                  <Table.Td>{config.ready ?? '—'}</Table.Td>
                  <Table.Td>
                    {config.expirationHours} {config.expirationHours === 1 ? 'hour' : 'hours'}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="default"
                        aria-label={`Edit the staging pool of ${name}`}
                        onClick={() => setEditing({ mode: 'edit', config })}
                      >
                        Edit
                      </Button>
                      <ConfirmButton
                        danger
                        size="compact-xs"
                        variant="light"
                        title="Delete this staging pool?"
                        message={`The warm sessions of ${name} are stopped; launches start fresh sessions from now on.`}
                        confirmLabel="Delete pool"
                        aria-label={`Delete the staging pool of ${name}`}
                        onConfirm={() => remove.mutateAsync(config.id)}
                      >
                        Delete
                      </ConfirmButton>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <section data-testid="admin-page-staging">
      <PageHeader
        title="Staging"
        description="Sessions started ahead of time so that visitors get one at once."
        actions={<Button onClick={() => setEditing({ mode: 'create' })}>Add staging pool</Button>}
      />
      {body}
      <Modal
        opened={editing !== null}
        onClose={close}
        title={editing?.mode === 'edit' ? 'Edit staging pool' : 'New staging pool'}
        size="lg"
        centered
      >
        {editing ? (
          workspaces.isError ? (
            <ErrorState error={workspaces.error} onRetry={() => void workspaces.refetch()} />
          ) : workspaces.isPending ? (
            <LoadingState label="Loading workspaces…" />
          ) : (
            <StagingForm
              existing={editing.mode === 'edit' ? editing.config : undefined}
              workspaces={workspaces.data}
              onSaved={close}
              onCancel={close}
            />
          )
        ) : null}
      </Modal>
    </section>
  );
}
