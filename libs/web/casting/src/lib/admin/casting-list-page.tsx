import { type CastConfig } from '@caster/contracts';
import { errorMessage } from '@caster/web/core';
import { EmptyState, ErrorState, formatDateTime, LoadingState, PageHeader } from '@caster/web/ui';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCastingList } from './api/get-casting-list';
import { useWorkspaceChoices } from './api/get-workspace-choices';
import { CastHealthBadge } from './cast-health-badge';
import { remainingBudget } from './cast-status';
import { castUrl } from './cast-url';
import { CastLink } from './link-tools';
import { useNow } from './use-now';

const PAGE_SIZE = 25;

function positivePage(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** `#/admin/casting`: every casting link, its address, budget, expiry and status. */
export function CastingListPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const page = positivePage(searchParams.get('page'));
  const q = searchParams.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const list = useCastingList({ page, pageSize: PAGE_SIZE, q: q.trim() === '' ? undefined : q.trim() });
  const workspaces = useWorkspaceChoices();
  const workspaceNames = new Map((workspaces.data?.items ?? []).map((w) => [w.id, w.name]));
  const now = useNow();

  // Paging and search live in the URL so "back" from a link's page shows the same rows.
  const update = (changes: Record<string, string | null>) =>
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [name, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );
  const applySearch = useDebouncedCallback((value: string) => update({ q: value.trim(), page: null }), 300);

  const addButton = (
    <Button component={Link} to="/admin/casting/new">
      Add casting link
    </Button>
  );

  const workspaceName = (config: CastConfig) =>
    workspaceNames.get(config.workspaceId) ?? (workspaces.isPending ? '…' : 'Unknown workspace');

  let body;
  if (list.isPending) {
    body = <LoadingState label="Loading casting links…" />;
  } else if (!list.data) {
    body = list.error ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null;
  } else if (list.data.total === 0 && q.trim() === '') {
    body = (
      <EmptyState
        title="No casting links yet"
        text="A casting link launches a session of a workspace for whoever opens it — anonymously if you allow it, protected by CAPTCHA, referrer, rate and budget limits."
        action={addButton}
      />
    );
  } else if (list.data.total === 0) {
    body = (
      <EmptyState
        title="No casting links match"
        text={`Nothing matches “${q.trim()}”. Search by name or key.`}
        action={
          <Button
            variant="light"
            onClick={() => {
              setSearch('');
              update({ q: null, page: null });
            }}
          >
            Show all casting links
          </Button>
        }
      />
    );
  } else {
    const { items, total } = list.data;
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    body = (
      <Stack gap="sm">
        {list.error ? (
          <Alert color="yellow" role="alert">
            These rows may be out of date. {errorMessage(list.error.code)}
          </Alert>
        ) : null}
        <Table.ScrollContainer minWidth={960}>
          <Table aria-label="Casting links" highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Workspace</Table.Th>
                <Table.Th>Cast URL</Table.Th>
                <Table.Th>Remaining</Table.Th>
                <Table.Th>Valid until</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((config) => (
                <Table.Tr key={config.id} data-testid={`casting-row-${config.key}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/casting/${config.id}`} fw={600}>
                      {config.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {config.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>{workspaceName(config)}</Table.Td>
                  <Table.Td maw={300}>
                    <CastLink url={castUrl(config.key)} name={config.name} size="xs" />
                  </Table.Td>
                  <Table.Td>{remainingBudget(config)}</Table.Td>
                  <Table.Td>{formatDateTime(config.validUntil, 'No end')}</Table.Td>
                  <Table.Td>
                    <CastHealthBadge config={config} now={now} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed">
            {total} casting link{total === 1 ? '' : 's'}
          </Text>
          <Pagination
            size="sm"
            total={lastPage}
            value={Math.min(page, lastPage)}
            onChange={(p) => update({ page: p <= 1 ? null : String(p) })}
            hideWithOnePage
            getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
          />
        </Group>
      </Stack>
    );
  }

  return (
    <section data-testid="admin-page-casting">
      <PageHeader
        title="Casting"
        description="Links that launch a session for whoever opens them, within the limits you set."
        actions={addButton}
      />
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <TextInput
            aria-label="Search casting links"
            placeholder="Search by name or key"
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              applySearch(event.currentTarget.value);
            }}
            w={{ base: '100%', sm: 320 }}
          />
          {list.isFetching && !list.isPending ? <Loader size="xs" aria-label="Refreshing" /> : null}
        </Group>
        {body}
      </Stack>
    </section>
  );
}
