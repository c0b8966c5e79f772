import { type EngineImages } from '@caster/contracts';
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { imageAvailability } from './engine-images';

/** One badge per engine: whether it holds the workspace's image (a session there can start). */
export function ImageAvailabilityBadges({
  image,
  engines,
}: {
  image: string;
  engines: readonly EngineImages[] | undefined;
}) {
  if (!engines)
    return (
      <Text size="sm" c="dimmed">
        …
      </Text>
    );
  const { present, missing, unknown } = imageAvailability(image, engines);
  const badge = (engine: EngineImages, state: 'present' | 'missing' | 'unknown') => (
    <Tooltip
      key={engine.id}
      label={
        state === 'present'
          ? `${engine.name} has ${image}`
          : state === 'missing'
            ? `${engine.name} does not have ${image}: a session placed there fails to start`
            : `${engine.name} did not answer`
      }
    >
      <Badge
        variant="light"
        color={state === 'present' ? 'teal' : state === 'missing' ? 'red' : 'gray'}
        data-testid={`image-on-${engine.id}`}
        data-state={state}
      >
        {engine.name}
        {state === 'missing' ? ': missing' : state === 'unknown' ? ': ?' : ''}
      </Badge>
    </Tooltip>
  );
  return (
    <Group gap={4}>
      {present.map((e) => badge(e, 'present'))}
      {missing.map((e) => badge(e, 'missing'))}
      {unknown.map((e) => badge(e, 'unknown'))}
    </Group>
  );
}
