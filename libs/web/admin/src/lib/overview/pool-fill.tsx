import { type OverviewPool } from '@caster/contracts';
import { Group, Progress, Stack, Text } from '@mantine/core';

const percent = (n: number, of: number) => (of > 0 ? Math.min(100, (n / of) * 100) : 0);

/** Each staging pool: warm sessions ready (and still starting) against its target. */
export function PoolFill({ pools }: { pools: readonly OverviewPool[] }) {
  if (pools.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="pools-empty">
        No staging pools. A pool keeps sessions started ahead of time so that visitors get one at once.
      </Text>
    );
  return (
    <Stack gap="md">
      {pools.map((pool) => {
        const name = pool.workspaceName || 'Unknown workspace';
        const full = pool.ready >= pool.target;
        return (
          <div key={pool.id} data-testid={`pool-${pool.id}`}>
            <Group justify="space-between" mb={4} wrap="nowrap">
              <Text size="sm" fw={500} truncate>
                {name}
              </Text>
              <Text size="sm" c={full ? undefined : 'orange.7'} style={{ whiteSpace: 'nowrap' }}>
                {pool.ready} / {pool.target} ready
                {pool.starting > 0 ? ` · ${pool.starting} starting` : ''}
              </Text>
            </Group>
            <Progress.Root size="lg">
              <Progress.Section
                value={percent(pool.ready, pool.target)}
                color="teal"
                aria-label={`${name}: ${pool.ready} of ${pool.target} warm sessions ready`}
              />
              <Progress.Section
                value={percent(Math.min(pool.starting, Math.max(0, pool.target - pool.ready)), pool.target)}
                color="yellow"
                aria-label={`${name}: ${pool.starting} starting`}
              />
            </Progress.Root>
          </div>
        );
      })}
    </Stack>
  );
}
