import { ErrorState, LoadingState, PageHeader } from '@caster/web/ui';
import { Card, Group, Loader, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useOverview } from './api/get-overview';
import { CastsChart } from './casts-chart';
import { GettingStartedChecklist } from './getting-started-checklist';
import { OVERVIEW_WINDOWS, parseHours, windowWords } from './overview-format';
import { PoolFill } from './pool-fill';
import { RefusingLinksTable } from './refusing-links-table';
import { SessionsSummary } from './sessions-summary';

function Panel({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Title order={2} fz="h4" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** `#/admin`: what the casting links and sessions are doing, refreshed every 30 seconds. */
export function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const hours = parseHours(params.get('hours'));
  const overview = useOverview(hours);
  const windows = OVERVIEW_WINDOWS.some((w) => w.hours === hours)
    ? OVERVIEW_WINDOWS.map((w) => ({ value: String(w.hours), label: w.label }))
    : [
        ...OVERVIEW_WINDOWS.map((w) => ({ value: String(w.hours), label: w.label })),
        { value: String(hours), label: windowWords(hours) },
      ];

  const picker = (
    <Group gap="sm" wrap="nowrap">
      {overview.isFetching && !overview.isPending ? <Loader size="xs" aria-label="Refreshing" /> : null}
      <SegmentedControl
        aria-label="Time window"
        size="xs"
        value={String(hours)}
        data={windows}
        onChange={(value) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('hours', value);
              return next;
            },
            { replace: true },
          )
        }
      />
    </Group>
  );

  let body: ReactNode;
  if (overview.isPending) body = <LoadingState label="Loading the overview…" />;
  else if (overview.isError)
    body = (
      <ErrorState
        title="The overview could not be loaded"
        error={overview.error}
        onRetry={() => void overview.refetch()}
      />
    );
  else {
    const data = overview.data;
    const windowText = windowWords(data.window.hours);
    body = (
      <Stack gap="lg" data-testid="overview">
        <Panel title={`Cast requests, last ${windowText}`} id="overview-casts">
          <CastsChart overview={data} />
        </Panel>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Panel title="Sessions now" id="overview-sessions">
            <SessionsSummary sessions={data.sessions} />
          </Panel>
          <Panel title="Staging pools" id="overview-pools">
            <PoolFill pools={data.pools} />
          </Panel>
        </SimpleGrid>
        <Panel title="Links refusing the most" id="overview-refusals">
          <RefusingLinksTable links={data.topRefusingLinks} windowText={windowText} />
        </Panel>
        <Text size="xs" c="dimmed">
          Updated {new Date(data.generatedAt).toLocaleTimeString()}; refreshed every 30 seconds.
        </Text>
      </Stack>
    );
  }

  return (
    <section data-testid="admin-page-overview">
      <PageHeader
        title="Overview"
        description="What your casting links and sessions are doing."
        actions={picker}
      />
      <Stack gap="lg">
        {/* Its own query: the first hour's checklist shows even while the charts load or fail. */}
        <GettingStartedChecklist />
        {body}
      </Stack>
    </section>
  );
}
