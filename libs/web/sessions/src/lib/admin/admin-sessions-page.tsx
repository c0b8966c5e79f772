import { SESSION_STATES, type AdminSessionView, type SessionState } from '@caster/contracts';
import { ApiError } from '@caster/web/core';
import { ConfirmButton, type ListColumn, ListView, PageHeader, useListParams } from '@caster/web/ui';
import { Anchor, Box, Button, Checkbox, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAdminSessions, type AdminSessionsQuery } from '../api/get-admin-sessions';
import { stopAdminSession, useStopAdminSessions } from '../api/stop-admin-sessions';
import { earliest, formatDuration, formatRelative } from '../format';
import { useNow } from '../use-now';
import { SessionStateBadge } from './session-state-badge';
import { SessionThumbnail } from './session-thumbnail';
import { hasScreen, ownerName } from './session-owner';

const LIVE = '';
/** The one sort the API has: creation time, shown as the Age column (youngest first by default). */
const SORTS = ['age'] as const;
type SessionSort = (typeof SORTS)[number];

const STATE_OPTIONS = [
  { value: LIVE, label: 'Live (all but ended)' },
  ...SESSION_STATES.map((state) => ({ value: state, label: state })),
];

const OVER: ReadonlySet<SessionState> = new Set(['stopped', 'failed']);

export const sessionDetailPath = (id: string): string => `/admin/sessions/${id}`;

/** `#/admin/sessions`: what is running now, with a picture of each desktop; refreshed every five seconds. */
export function AdminSessionsPage() {
  const params = useListParams(SORTS, 'age');
  const stateFilter = params.filter('state') ?? LIVE;
  const state = SESSION_STATES.find((s) => s === stateFilter);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const now = useNow(5_000);

  const query: AdminSessionsQuery = {
    page: params.page,
    pageSize: params.pageSize,
    q: params.q.trim() || undefined,
    state,
    // Age ascending = the youngest (newest) first.
    order: params.order === 'asc' ? 'desc' : 'asc',
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

  const columns: ListColumn<AdminSessionView, SessionSort>[] = [
    {
      id: 'select',
      header: 'Select',
      width: 40,
      headerContent: (
        <Checkbox
          aria-label="Select all sessions on this page"
          checked={allSelected}
          indeterminate={selectedOnPage.length > 0 && !allSelected}
          onChange={(event) =>
            setSelected(event.currentTarget.checked ? new Set(rows.map((row) => row.id)) : new Set())
          }
        />
      ),
      render: (row) => (
        <Checkbox
          aria-label={`Select the session of ${ownerName(row)} (${row.workspaceName})`}
          checked={selected.has(row.id)}
          onChange={(event) => toggle(row.id, event.currentTarget.checked)}
        />
      ),
    },
    {
      id: 'owner',
      header: 'Owner',
      render: (row) =>
        row.userId && row.username ? (
          <Anchor component={Link} to={`/admin/users/${row.userId}`} size="sm">
            {row.username}
          </Anchor>
        ) : (
          <Text size="sm">{ownerName(row)}</Text>
        ),
    },
    { id: 'workspace', header: 'Workspace', visibleFrom: 'sm', render: (row) => row.workspaceName || '—' },
    { id: 'agent', header: 'Agent', visibleFrom: 'sm', render: (row) => row.agentId ?? '—' },
    {
      id: 'state',
      header: 'State',
      render: (row) => (
        <Box miw={88}>
          <SessionStateBadge state={row.state} />
          {row.failure ? (
            <Text size="xs" c="red" mt={4} data-testid={`session-failure-${row.id}`}>
              <Text span inherit fw={700} ff="monospace">
                {row.failure.code}
              </Text>
              {row.failure.message ? `: ${row.failure.message}` : null}
            </Text>
          ) : null}
        </Box>
      ),
    },
    {
      id: 'age',
      visibleFrom: 'sm',
      header: 'Age',
      sort: 'age',
      render: (row) => formatDuration(now - Date.parse(row.createdAt)),
    },
    {
      id: 'expires',
      visibleFrom: 'sm',
      header: 'Expires',
      render: (row) => {
        // A session that is over expires no more.
        const expires = OVER.has(row.state) ? null : earliest(row.expiresAt, row.hardExpiresAt);
        return expires === null ? '—' : formatRelative(new Date(expires).toISOString(), now);
      },
    },
    {
      id: 'screen',
      visibleFrom: 'sm',
      header: 'Screen',
      width: 112,
      render: (row) => (
        <SessionThumbnail
          sessionId={row.id}
          live={hasScreen(row)}
          width={96}
          label={`The screen of ${ownerName(row)}'s session`}
        />
      ),
    },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      render: (row) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button
            component={Link}
            to={sessionDetailPath(row.id)}
            size="compact-xs"
            variant="default"
            aria-label={`Details of the session of ${ownerName(row)}`}
          >
            Details
          </Button>
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
        </Group>
      ),
    },
  ];

  const liveUnfiltered = stateFilter === LIVE;

  return (
    <section data-testid="admin-page-sessions">
      <PageHeader
        title="Sessions"
        description="Sessions running now, who owns them, what their screens show and how long they have left. Refreshed every 5 seconds."
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
      <ListView
        label="Sessions"
        noun="sessions"
        query={sessions}
        params={params}
        columns={columns}
        rowKey={(row) => row.id}
        minWidth={0}
        rowProps={(row) => ({ 'data-testid': `session-row-${row.id}` })}
        searchLabel="Search by owner's username"
        filtered={!liveUnfiltered}
        filters={
          <NativeSelect
            aria-label="State"
            data={STATE_OPTIONS}
            value={stateFilter}
            onChange={(event) => {
              params.setFilter('state', event.currentTarget.value || null);
              setSelected(new Set());
            }}
            w={220}
          />
        }
        empty={{
          title: 'No sessions are running',
          text: 'Sessions appear here when someone starts a workspace from the dashboard or a casting link.',
        }}
      />
    </section>
  );
}
