import { SESSION_STATES, type AdminSessionView, type SessionState } from '@caster/contracts';
import { ApiError } from '@caster/web/core';
import { ConfirmButton, EmptyState, ErrorState, LoadingState, PageHeader } from '@caster/web/ui';
import { Checkbox, Group, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useAdminSessions, type AdminSessionsQuery } from '../api/get-admin-sessions';
import { stopAdminSession, useStopAdminSessions } from '../api/stop-admin-sessions';
import { earliest, formatDuration, formatRelative } from '../format';
import { useNow } from '../use-now';
import { SessionStateBadge } from './session-state-badge';

const PAGE_SIZE = 25;
const LIVE = 'live';

const STATE_OPTIONS = [
  { value: LIVE, label: 'Live (all but ended)' },
  ...SESSION_STATES.map((state) => ({ value: state, label: state })),
];

function ownerName(session: AdminSessionView): string {
  if (session.username) return session.username;
  // A casting link's visitor whose account is gone: a failed launch's account is removed after a
  // grace, and anonymous accounts expire.
  if (session.castConfigId) return '(casting link visitor)';
  if (session.userId) return '(deleted user)';
  // A warm session of a staging pool belongs to nobody until a launch claims it.
  return session.state === 'staged' ? '(staging pool)' : '(deleted user)';
}

const OVER: ReadonlySet<SessionState> = new Set(['stopped', 'failed']);

/** `#/admin/sessions`: what is running now; refreshed every five seconds. */
export function AdminSessionsPage() {
  const [stateFilter, setStateFilter] = useState<string>(LIVE);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const now = useNow(5_000);

  const query: AdminSessionsQuery = {
    page,
    pageSize: PAGE_SIZE,
    q: debouncedSearch || undefined,
    state: stateFilter === LIVE ? undefined : (stateFilter as SessionState),
  };
  const sessions = useAdminSessions(query);
  const stopMany = useStopAdminSessions();

  const rows = useMemo(() => sessions.data?.items ?? [], [sessions.data]);
  // Only rows still on the page count: a selected session may have ended since.
  const selectedOnPage = rows.filter((row) => selected.has(row.id));
  const allSelected = rows.length > 0 && selectedOnPage.length === rows.length;

  const toggle = (id: string, checked: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });

  const toggleAll = (checked: boolean) =>
    setSelected(checked ? new Set(rows.map((row) => row.id)) : new Set());

  const stopSelected = async () => {
    const ids = selectedOnPage.map((row) => row.id);
    const result = await stopMany.mutateAsync(ids);
    setSelected(new Set(result.failed.map((f) => f.id)));
    // The modal explains one failure and stays open; the failed ones stay selected to retry.
    if (result.failed.length > 0) throw ApiError.from(result.failed[0].error);
  };

  const stopOne = async (id: string) => {
    await stopAdminSession(id);
    toggle(id, false);
    await sessions.refetch();
  };

  const filters = (
    <Group gap="sm" mb="md" align="flex-end">
      <Select
        label="State"
        data={STATE_OPTIONS}
        value={stateFilter}
        onChange={(value) => {
          setStateFilter(value ?? LIVE);
          setPage(1);
          setSelected(new Set());
        }}
        allowDeselect={false}
        w={220}
      />
      <TextInput
        label="Owner"
        placeholder="Search by username"
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setPage(1);
        }}
        w={240}
      />
    </Group>
  );

  let body;
  if (sessions.isPending) body = <LoadingState label="Loading sessions…" />;
  else if (sessions.isError)
    body = <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  else if (rows.length === 0)
    body = (
      <EmptyState
        title={stateFilter === LIVE && !debouncedSearch ? 'No sessions are running' : 'No sessions match'}
        text={
          stateFilter === LIVE && !debouncedSearch
            ? 'Sessions appear here when someone starts a workspace from the dashboard or a casting link.'
            : 'Try another state or owner.'
        }
      />
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all sessions on this page"
                    checked={allSelected}
                    indeterminate={selectedOnPage.length > 0 && !allSelected}
                    onChange={(event) => toggleAll(event.currentTarget.checked)}
                  />
                </Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Workspace</Table.Th>
                <Table.Th>Agent</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Age</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th w={90}>
                  <Text span size="sm" fw={700} style={{ visibility: 'hidden' }}>
                    Actions
                  </Text>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                // A session that is over expires no more.
                const expires = OVER.has(row.state) ? null : earliest(row.expiresAt, row.hardExpiresAt);
                return (
                  <Table.Tr key={row.id} data-testid={`session-row-${row.id}`}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select the session of ${ownerName(row)} (${row.workspaceName})`}
                        checked={selected.has(row.id)}
                        onChange={(event) => toggle(row.id, event.currentTarget.checked)}
                      />
                    </Table.Td>
                    <Table.Td>{ownerName(row)}</Table.Td>
                    <Table.Td>{row.workspaceName || '—'}</Table.Td>
                    <Table.Td>{row.agentId ?? '—'}</Table.Td>
                    <Table.Td>
                      <SessionStateBadge state={row.state} />
                      {row.failure ? (
                        <Text size="xs" c="red" mt={4} data-testid={`session-failure-${row.id}`}>
                          <Text span inherit fw={700} ff="monospace">
                            {row.failure.code}
                          </Text>
                          {row.failure.message ? `: ${row.failure.message}` : null}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{formatDuration(now - Date.parse(row.createdAt))}</Table.Td>
                    <Table.Td>
                      {expires === null ? '—' : formatRelative(new Date(expires).toISOString(), now)}
                    </Table.Td>
                    <Table.Td>
                      {OVER.has(row.state) ? null : (
                        <ConfirmButton
                          danger
                          size="compact-xs"
                          variant="light"
                          title="Stop this session?"
                          message={`The session of ${ownerName(row)} (${row.workspaceName || 'workspace'}) ends now and everything inside it is deleted.`}
                          confirmLabel="Stop session"
                          aria-label={`Stop the session of ${ownerName(row)}`}
                          onConfirm={() => stopOne(row.id)}
                        >
                          Stop
                        </ConfirmButton>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {sessions.data.total > PAGE_SIZE ? (
          <Group justify="flex-end" mt="md">
            <Pagination total={Math.ceil(sessions.data.total / PAGE_SIZE)} value={page} onChange={setPage} />
          </Group>
        ) : null}
      </>
    );

  return (
    <section data-testid="admin-page-sessions">
      <PageHeader
        title="Sessions"
        description="Sessions running now, who owns them and how long they have left. Refreshed every 5 seconds."
        actions={
          <ConfirmButton
            danger
            disabled={selectedOnPage.length === 0}
            title={`Stop ${selectedOnPage.length} ${selectedOnPage.length === 1 ? 'session' : 'sessions'}?`}
            message={
              <Stack gap="xs">
                <Text size="sm">These sessions end now and everything inside them is deleted:</Text>
                <Text size="sm" component="ul" m={0}>
                  {selectedOnPage.map((row) => (
                    <li key={row.id}>
                      {ownerName(row)} — {row.workspaceName || 'workspace'}
                    </li>
                  ))}
                </Text>
              </Stack>
            }
            confirmLabel="Stop sessions"
            onConfirm={stopSelected}
          >
            {selectedOnPage.length > 0 ? `Stop selected (${selectedOnPage.length})` : 'Stop selected'}
          </ConfirmButton>
        }
      />
      {filters}
      {body}
    </section>
  );
}
