import { type CastConfig } from '@caster/contracts';
import { Alert, Badge, Group, List, Text, Tooltip } from '@mantine/core';
import { CAST_STATUS_META } from './cast-status';
import { HEALTH_REASON_META, healthReasons } from './cast-health';

type HealthFields = Pick<
  CastConfig,
  'enabled' | 'validUntil' | 'limitSessions' | 'sessionsRemaining' | 'health'
>;

/** The status column: "Active", or one badge per reason the link refuses everyone (tooltip: what to do). */
export function CastHealthBadge({ config, now }: { config: HealthFields; now: number }) {
  const reasons = healthReasons(config, now);
  if (reasons.length === 0) {
    const active = CAST_STATUS_META.active;
    return (
      <Group gap={4} data-testid="cast-status">
        <Tooltip label={active.description} withArrow multiline w={240}>
          <Badge color={active.color} variant="light">
            {active.label}
          </Badge>
        </Tooltip>
      </Group>
    );
  }
  return (
    <Group
      gap={4}
      data-testid="cast-status"
      aria-label={`Refuses every visitor: ${reasons.length} reason(s)`}
    >
      {reasons.map((reason) => {
        const meta = HEALTH_REASON_META[reason];
        return (
          <Tooltip key={reason} label={meta.todo} withArrow multiline w={280}>
            <Badge color={meta.color} variant="light" data-reason={reason}>
              {meta.label}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}

/** The detail page: each reason the link refuses everyone, with what to do; nothing when it serves. */
export function CastHealthPanel({ config, now }: { config: HealthFields; now: number }) {
  const reasons = healthReasons(config, now);
  if (reasons.length === 0) return null;
  return (
    <Alert color="red" variant="light" title="This link refuses every visitor" data-testid="cast-health">
      <List spacing="xs" size="sm">
        {reasons.map((reason) => (
          <List.Item key={reason} data-reason={reason}>
            <Text span fw={700} size="sm">
              {HEALTH_REASON_META[reason].label}:
            </Text>{' '}
            {HEALTH_REASON_META[reason].todo}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
