import { type WorkspaceSummary, type WorkspaceType } from '@caster/contracts';
import { type ApiError, errorMessage } from '@caster/web/core';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '@caster/web/ui';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useLaunchableWorkspaces } from './api/get-launchable-workspaces';
import { useLaunchSession } from './api/launch-session';

const TYPE_LABELS: Record<WorkspaceType, string> = {
  container: 'Desktop app',
  server: 'Remote server',
  pool: 'Remote server',
  link: 'Web link',
};

function WorkspaceCard({
  workspace,
  launching,
  disabled,
  onLaunch,
}: {
  workspace: WorkspaceSummary;
  launching: boolean;
  disabled: boolean;
  onLaunch: () => void;
}) {
  const headingId = `workspace-${workspace.id}-name`;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm" h="100%" justify="space-between">
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Title order={2} fz="h4" id={headingId}>
              {workspace.name}
            </Title>
            <Badge variant="light" color="gray">
              {TYPE_LABELS[workspace.type]}
            </Badge>
          </Group>
          {workspace.description ? (
            <Text size="sm" c="dimmed">
              {workspace.description}
            </Text>
          ) : null}
        </Stack>
        <Button
          onClick={onLaunch}
          loading={launching}
          disabled={disabled && !launching}
          aria-label={`Launch ${workspace.name}`}
        >
          Launch
        </Button>
      </Stack>
    </Card>
  );
}

/** `#/` for a signed-in user: the workspaces their groups may launch, each ready to start. */
export function DashboardPage() {
  const navigate = useNavigate();
  const workspaces = useLaunchableWorkspaces();
  const launch = useLaunchSession();
  const [failure, setFailure] = useState<{ name: string; error: ApiError } | null>(null);

  const start = (workspace: WorkspaceSummary) => {
    setFailure(null);
    launch.mutate(
      { workspaceId: workspace.id },
      {
        onSuccess: (session) => void navigate(`/session/${encodeURIComponent(session.id)}`),
        onError: (error) => setFailure({ name: workspace.name, error }),
      },
    );
  };

  let body;
  if (workspaces.isPending) {
    body = <LoadingState label="Loading your workspaces…" />;
  } else if (!workspaces.data) {
    body = workspaces.error ? (
      <ErrorState
        error={workspaces.error}
        title="Your workspaces could not be loaded"
        onRetry={() => void workspaces.refetch()}
      />
    ) : null;
  } else if (workspaces.data.items.length === 0) {
    body = (
      <EmptyState
        title="No workspaces are available to you yet"
        text="When an administrator gives one of your groups access to a workspace, it will appear here and you can start a session from it."
      />
    );
  } else {
    body = (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="workspace-cards">
        {workspaces.data.items.map((workspace) => (
          <WorkspaceCard
            key={workspace.id}
            workspace={workspace}
            launching={launch.isPending && launch.variables.workspaceId === workspace.id}
            disabled={launch.isPending}
            onLaunch={() => start(workspace)}
          />
        ))}
      </SimpleGrid>
    );
  }

  return (
    <section data-testid="dashboard-page">
      <PageHeader
        title="Your workspaces"
        description="Start a session from any workspace you have access to."
      />
      <Stack gap="md">
        {failure ? (
          <Alert
            color="red"
            role="alert"
            title={`${failure.name} could not be started`}
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setFailure(null)}
          >
            {errorMessage(failure.error.code, { retryAfterSeconds: failure.error.retryAfterSeconds })}
          </Alert>
        ) : null}
        {body}
      </Stack>
    </section>
  );
}
