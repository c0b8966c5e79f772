import { type AdminSessionDetail, type SessionHistoryEntry } from '@caster/contracts';
import {
  ConfirmButton,
  EmptyState,
  ErrorState,
  IconAlert,
  LoadingState,
  PageHeader,
  SessionFrame,
  formatDateTime,
  shortId,
  viewOnlySettings,
} from '@caster/web/ui';
import {
  Anchor,
  AspectRatio,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@caster/web/core';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAdminSessionDetail } from '../api/get-admin-session-detail';
import { stopAdminSession } from '../api/stop-admin-sessions';
import { useAdminSessionView } from '../api/view-admin-session';
import { SessionStateBadge } from './session-state-badge';
import { SessionThumbnail } from './session-thumbnail';
import { hasScreen, ownerName } from './session-owner';

const WATCHER_SETTINGS = viewOnlySettings();
const LIVE_STATES = new Set(['provisioning', 'starting', 'running']);

const GRANT_KINDS: Record<AdminSessionDetail['grants'][number]['kind'], string> = {
  owner: 'Owner token',
  share: 'Share link',
  viewer: 'Share viewer',
  connect: 'Connect link',
  enter: 'Entry code',
  origin: 'Session cookie',
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Box fz="sm">{children}</Box>
    </Stack>
  );
}

function historyChange(h: SessionHistoryEntry): string {
  if (h.kind === 'admin-view') return 'Watched view-only by an administrator';
  if (h.kind === 'admin-stop') return 'Stopped by an administrator';
  return h.fromState ? `${h.fromState} → ${h.toState ?? '?'}` : `created as ${h.toState ?? '?'}`;
}

/** The administrator's live look: the session framed view-only, on its own origin. */
function Watcher({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const view = useAdminSessionView(sessionId, true);
  if (view.isPending || (view.isFetching && !view.isError))
    return <LoadingState label="Opening the session view-only…" />;
  if (view.isError) return <ErrorState error={view.error} onRetry={() => void view.refetch()} />;
  return (
    <Stack gap="xs" data-testid="admin-watcher">
      <Group justify="space-between">
        <Badge color="gray" variant="filled" data-testid="view-only-badge">
          View only — your keys and pointer do not reach the session
        </Badge>
        <Group gap="xs">
          <Button size="compact-sm" variant="default" onClick={() => void view.refetch()}>
            Reconnect
          </Button>
          <Button size="compact-sm" variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Group>
      <AspectRatio ratio={16 / 10}>
        <SessionFrame
          entry={view.data}
          settings={WATCHER_SETTINGS}
          viewOnly
          fixedResolution
          title="The session, view only"
        />
      </AspectRatio>
    </Stack>
  );
}

/** `#/admin/sessions/:id`: one session, from its link and visitor to its history and grants. */
export function AdminSessionDetailPage() {
  const { id = '' } = useParams();
  const detail = useAdminSessionDetail(id);
  const queryClient = useQueryClient();
  const [watching, setWatching] = useState(false);

  if (detail.isPending) return <LoadingState label="Loading the session…" />;
  if (detail.isError) {
    if (detail.error.code === 'NOT_FOUND')
      return (
        <EmptyState
          icon={<IconAlert />}
          title="No such session"
          text="It may have been removed. Sessions that ended are listed under the Stopped and Failed states."
          action={
            <Button component={Link} to="/admin/sessions" variant="light">
              All sessions
            </Button>
          }
        />
      );
    return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const s = detail.data;
  const live = LIVE_STATES.has(s.state);
  const stop = async () => {
    await stopAdminSession(s.id);
    setWatching(false);
    await queryClient.invalidateQueries({ queryKey: queryKeys.admin.sessions.all });
  };

  return (
    <section data-testid="admin-page-session-detail">
      <PageHeader
        title={`Session ${shortId(s.id)}`}
        description={
          <>
            {s.workspaceName || 'Workspace'} — {ownerName(s)}
          </>
        }
        actions={
          live ? (
            <>
              {s.workspaceType !== 'link' && !watching ? (
                <Button variant="light" onClick={() => setWatching(true)}>
                  Watch view-only
                </Button>
              ) : null}
              <ConfirmButton
                danger
                title="Stop this session?"
                message={`The session of ${ownerName(s)} (${s.workspaceName || 'workspace'}) ends now and everything inside it is deleted. Its user sees that it ended.`}
                confirmLabel="Stop session"
                onConfirm={stop}
              >
                Stop session
              </ConfirmButton>
            </>
          ) : null
        }
      />
      <Stack gap="lg">
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
            <Field label="State">
              <Group gap="xs">
                <SessionStateBadge state={s.state} />
              </Group>
            </Field>
            <Field label="Workspace">{s.workspaceName || '—'}</Field>
            <Field label="User">
              {s.userId && s.username ? (
                <Anchor component={Link} to={`/admin/users/${s.userId}`}>
                  {s.username}
                </Anchor>
              ) : (
                ownerName(s)
              )}
            </Field>
            <Field label="Casting link">
              {s.link ? (
                <Anchor component={Link} to={`/admin/casting/${s.link.id}`}>
                  {s.link.name ?? '(deleted link)'}
                </Anchor>
              ) : (
                'None (launched from the dashboard or the API)'
              )}
            </Field>
            <Field label="Client IP">{s.clientIp ? <Code>{s.clientIp}</Code> : '—'}</Field>
            <Field label="Created">{formatDateTime(s.createdAt)}</Field>
            <Field label="Started">{formatDateTime(s.startedAt, '—')}</Field>
            <Field label="Ended">{formatDateTime(s.stoppedAt, live ? 'Still running' : '—')}</Field>
            <Field label="Engine">{s.agentId ?? '—'}</Field>
            <Field label="Sharing">
              {s.shareId ? (
                <Badge color="blue" variant="light">
                  Shared (view-only link active)
                </Badge>
              ) : (
                'Not shared'
              )}
            </Field>
            <Field label="Session id">
              <Code>{s.id}</Code>
            </Field>
          </SimpleGrid>
          {s.failure ? (
            <Text c="red" size="sm" mt="md" role="status" data-testid="session-detail-failure">
              <Text span fw={700} ff="monospace">
                {s.failure.code}
              </Text>
              {s.failure.message ? `: ${s.failure.message}` : null}
            </Text>
          ) : null}
        </Card>

        {live && s.workspaceType !== 'link' ? (
          <Card withBorder>
            <Title order={2} fz="h4" mb="sm">
              Screen
            </Title>
            {watching ? (
              <Watcher sessionId={s.id} onClose={() => setWatching(false)} />
            ) : (
              <Stack gap="xs">
                <SessionThumbnail
                  sessionId={s.id}
                  live={hasScreen(s) && s.thumbnailAvailable}
                  width={480}
                  label="The session's screen"
                />
                <Text size="xs" c="dimmed">
                  A picture taken through the session every few seconds. “Watch view-only” shows it live; your
                  look is recorded in the history below.
                </Text>
              </Stack>
            )}
          </Card>
        ) : null}

        <Card withBorder>
          <Title order={2} fz="h4" mb="sm">
            History
          </Title>
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Session history" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th>By</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.history.map((h, i) => (
                  <Table.Tr key={i} data-testid="session-history-row">
                    <Table.Td>{formatDateTime(h.at)}</Table.Td>
                    <Table.Td>{historyChange(h)}</Table.Td>
                    <Table.Td>{h.reason ?? '—'}</Table.Td>
                    <Table.Td>{h.actorName ?? (h.actorId ? '(deleted user)' : '—')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>

        <Card withBorder>
          <Title order={2} fz="h4" mb="sm">
            Grants
          </Title>
          {s.grants.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody has been let into this session yet.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Session grants" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Access</Table.Th>
                    <Table.Th>Given</Table.Th>
                    <Table.Th>Ends</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.grants.map((g) => (
                    <Table.Tr key={g.id}>
                      <Table.Td>{GRANT_KINDS[g.kind]}</Table.Td>
                      <Table.Td>
                        {g.username ?? (g.userId ? '(deleted user)' : 'Anyone with the link')}
                      </Table.Td>
                      <Table.Td>{g.viewOnly ? 'View only' : 'Full'}</Table.Td>
                      <Table.Td>{formatDateTime(g.createdAt)}</Table.Td>
                      <Table.Td>
                        {g.revokedAt
                          ? `Revoked ${formatDateTime(g.revokedAt)}`
                          : formatDateTime(g.expiresAt, 'With the session')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      </Stack>
    </section>
  );
}
