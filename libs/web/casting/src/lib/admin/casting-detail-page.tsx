import { type CastConfig } from '@caster/contracts';
import {
  ConfirmButton,
  EmptyState,
  ErrorState,
  formatDateTime,
  LoadingState,
  PageHeader,
} from '@caster/web/ui';
import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useDeleteCastConfig } from './api/delete-cast-config';
import { useCastClaims } from './api/get-cast-claims';
import { useCastConfig } from './api/get-cast-config';
import { useRotateCastKey } from './api/rotate-cast-key';
import { useWorkspaceChoices } from './api/get-workspace-choices';
import { CastHealthBadge, CastHealthPanel } from './cast-health-badge';
import { remainingBudget } from './cast-status';
import { castUrl } from './cast-url';
import { ClaimsTable } from './claims-table';
import { CastLink } from './link-tools';
import { OpenAsVisitor } from './open-as-visitor';
import { BackToList, CASTING_LIST_PATH, RecordState } from './page-chrome';
import { useNow } from './use-now';

// The charting library is most of this page's weight: the audit table need not wait for it.
const ClaimsChart = lazy(async () => ({ default: (await import('./claims-chart')).ClaimsChart }));

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function accessSummary(config: CastConfig): string {
  if (!config.allowAnonymous) return 'Sign-in required';
  return config.requireCaptcha ? 'Anonymous, with CAPTCHA' : 'Anonymous';
}

function Summary({ config }: { config: CastConfig }) {
  const workspaces = useWorkspaceChoices();
  const workspace = workspaces.data?.items.find((w) => w.id === config.workspaceId);
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <Fact label="Cast URL">
          <CastLink url={castUrl(config.key)} name={config.name} />
        </Fact>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Fact label="Workspace">
            {workspace?.name ?? (workspaces.isPending ? '…' : 'Unknown workspace')}
          </Fact>
          <Fact label="Remaining">{remainingBudget(config)}</Fact>
          <Fact label="Valid until">{formatDateTime(config.validUntil, 'No end')}</Fact>
          <Fact label="Access">{accessSummary(config)}</Fact>
          <Fact label="Per-IP limit">
            {config.limitIps ? `${config.ipRequestLimit} per ${config.ipRequestSeconds} s` : 'None'}
          </Fact>
          <Fact label="Referrers">
            {config.allowedReferrers.length === 0 ? 'Any' : config.allowedReferrers.join(', ')}
          </Fact>
          <Fact label="Error URL">{config.errorUrl ?? 'Built-in error page'}</Fact>
          <Fact label="Key">
            <Text size="sm" ff="monospace">
              {config.key}
            </Text>
          </Fact>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

function Claims({ id }: { id: string }) {
  const claims = useCastClaims(id);
  let body: ReactNode;
  if (claims.isPending) body = <LoadingState label="Loading the requests…" />;
  else if (!claims.data)
    body = claims.error ? <ErrorState error={claims.error} onRetry={() => void claims.refetch()} /> : null;
  else if (claims.data.length === 0)
    body = (
      <EmptyState
        title="No requests yet"
        text="Every request to this link is recorded here with its outcome: a session served, or the reason it was refused."
      />
    );
  else
    body = (
      <Stack gap="lg">
        <Suspense fallback={<LoadingState label="Drawing the chart…" />}>
          <ClaimsChart claims={claims.data} />
        </Suspense>
        <ClaimsTable claims={claims.data} />
      </Stack>
    );
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="claims-title">
      <Stack gap="md">
        <Title order={2} fz="h4" id="claims-title">
          Requests
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

/** `#/admin/casting/:id`: the link, what its visitors got (audit and chart), rotate and delete. */
export function CastingDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const config = useCastConfig(id);
  const rotate = useRotateCastKey();
  const remove = useDeleteCastConfig();
  const data = config.data;
  const now = useNow();

  return (
    <section data-testid="admin-page-casting-detail">
      <BackToList />
      {data ? (
        <Stack gap="lg">
          <PageHeader
            title={data.name}
            description={
              <Group gap="xs" component="span">
                <CastHealthBadge config={data} now={now} />
              </Group>
            }
            actions={
              <>
                <OpenAsVisitor config={data} />
                <Button component={Link} to={`/admin/casting/${data.id}/edit`} variant="default">
                  Edit
                </Button>
                <ConfirmButton
                  variant="default"
                  title="Rotate the key?"
                  confirmLabel="Rotate key"
                  message="The link gets a new key and the old link stops working at once: bookmarks, QR codes and pages that embed it will get an error until they use the new one."
                  onConfirm={async () => {
                    const rotated = await rotate.mutateAsync(data.id);
                    notifications.show({
                      message: `New key: ${rotated.key}`,
                      color: 'green',
                      autoClose: 4000,
                    });
                  }}
                >
                  Rotate key
                </ConfirmButton>
                <ConfirmButton
                  danger
                  title={`Delete ${data.name}?`}
                  confirmLabel="Delete"
                  message="The link stops working at once and cannot be restored. Sessions already running are not stopped."
                  onConfirm={async () => {
                    await remove.mutateAsync(data.id);
                    notifications.show({
                      message: `Deleted “${data.name}”.`,
                      color: 'green',
                      autoClose: 4000,
                    });
                    void navigate(CASTING_LIST_PATH);
                  }}
                >
                  Delete
                </ConfirmButton>
              </>
            }
          />
          <CastHealthPanel config={data} now={now} />
          <Summary config={data} />
          <Claims id={data.id} />
        </Stack>
      ) : (
        <RecordState
          isPending={config.isPending}
          error={config.error}
          onRetry={() => void config.refetch()}
        />
      )}
    </section>
  );
}
