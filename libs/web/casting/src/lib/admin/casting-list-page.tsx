import { type CastConfig } from '@caster/contracts';
import { formatDateTime, type ListColumn, ListView, PageHeader, useListParams } from '@caster/web/ui';
import { Anchor, Button, Text } from '@mantine/core';
import { Link } from 'react-router';
import { type CastingListQuery, useCastingList } from './api/get-casting-list';
import { useWorkspaceChoices } from './api/get-workspace-choices';
import { CastHealthBadge } from './cast-health-badge';
import { remainingBudget } from './cast-status';
import { castUrl } from './cast-url';
import { CastLink } from './link-tools';
import { useNow } from './use-now';

/** The list is ordered by name only; the header flips the order. */
const SORTS = ['name'] as const;

/** `#/admin/casting`: every casting link, its address, budget, expiry and status. */
export function CastingListPage() {
  const params = useListParams(SORTS, 'name');
  const q = params.q.trim();
  // The endpoint takes no `sort` (unknown query fields are refused), and ascending is its default.
  const query: CastingListQuery = {
    page: params.page,
    pageSize: params.pageSize,
    ...(q === '' ? {} : { q }),
    ...(params.order === 'desc' ? { order: 'desc' } : {}),
  };
  const list = useCastingList(query);
  const workspaces = useWorkspaceChoices();
  const workspaceNames = new Map((workspaces.data?.items ?? []).map((w) => [w.id, w.name]));
  const now = useNow();

  const workspaceName = (config: CastConfig) =>
    workspaceNames.get(config.workspaceId) ?? (workspaces.isPending ? '…' : 'Unknown workspace');

  const columns: ListColumn<CastConfig, (typeof SORTS)[number]>[] = [
    {
      id: 'name',
      header: 'Name',
      sort: 'name',
      render: (config) => (
        <Anchor component={Link} to={`/admin/casting/${config.id}`} fw={600}>
          {config.name}
        </Anchor>
      ),
    },
    {
      id: 'key',
      header: 'Key',
      secondary: true,
      render: (config) => (
        <Text size="sm" ff="monospace">
          {config.key}
        </Text>
      ),
    },
    { id: 'workspace', header: 'Workspace', secondary: true, render: workspaceName },
    {
      id: 'url',
      header: 'Cast URL',
      width: 300,
      render: (config) => <CastLink url={castUrl(config.key)} name={config.name} size="xs" />,
    },
    { id: 'remaining', header: 'Remaining', secondary: true, render: remainingBudget },
    {
      id: 'validUntil',
      header: 'Valid until',
      secondary: true,
      render: (config) => formatDateTime(config.validUntil, 'No end'),
    },
    { id: 'status', header: 'Status', render: (config) => <CastHealthBadge config={config} now={now} /> },
  ];

  return (
    <section data-testid="admin-page-casting">
      <PageHeader
        title="Casting"
        description="Links that launch a session for whoever opens them, within the limits you set."
        actions={
          <Button component={Link} to="/admin/casting/new">
            Add casting link
          </Button>
        }
      />
      <ListView
        label="Casting links"
        noun="casting links"
        query={list}
        params={params}
        columns={columns}
        rowKey={(config) => config.id}
        rowTestId={(config) => `casting-row-${config.key}`}
        minWidth={960}
        searchLabel="Search casting links by name or key"
        empty={{
          title: 'No casting links yet',
          text: 'A casting link launches a session of a workspace for whoever opens it — anonymously if you allow it, protected by CAPTCHA, referrer, rate and budget limits.',
          action: (
            <Button component={Link} to="/admin/casting/new" variant="light">
              Add casting link
            </Button>
          ),
        }}
      />
    </section>
  );
}
