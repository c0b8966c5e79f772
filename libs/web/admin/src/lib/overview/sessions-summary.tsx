import { LIVE_SESSION_STATES, type AdminOverview, type LiveSessionState } from '@caster/contracts';
import { Anchor, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

const STATE_LABELS: Record<LiveSessionState, string> = {
  running: 'Running',
  starting: 'Starting',
  provisioning: 'Provisioning',
  stopping: 'Stopping',
  staged: 'Staged (warm)',
};

/** Sessions holding resources now, and every live state's count. */
export function SessionsSummary({ sessions }: { sessions: AdminOverview['sessions'] }) {
  const states = [...LIVE_SESSION_STATES].sort(
    (a, b) => Object.keys(STATE_LABELS).indexOf(a) - Object.keys(STATE_LABELS).indexOf(b),
  );
  return (
    <Stack gap="sm">
      <Group gap="xs" align="baseline">
        <Text fz={36} fw={700} lh={1} data-testid="active-sessions">
          {sessions.active}
        </Text>
        <Text c="dimmed" size="sm">
          active session{sessions.active === 1 ? '' : 's'}
        </Text>
        <Anchor component={Link} to="/admin/sessions" size="sm" ml="auto">
          See the sessions
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs" component="dl" m={0}>
        {states.map((state) => (
          <div key={state} data-testid={`sessions-${state}`}>
            <Text component="dt" size="xs" c="dimmed">
              {STATE_LABELS[state]}
            </Text>
            <Text component="dd" m={0} fw={600}>
              {sessions.byState[state]}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
