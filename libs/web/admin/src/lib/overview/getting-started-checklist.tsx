import { LoadingState } from '@caster/web/ui';
import { Badge, Button, Card, Code, Group, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useGettingStarted } from './api/get-getting-started';
import { stepView } from './getting-started-steps';

/** `npm run images -- desktop` between backticks is shown as code. */
function withCode(text: string): ReactNode {
  return text
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 === 1 ? <Code key={i}>{part}</Code> : <Fragment key={i}>{part}</Fragment>));
}

function Tick({ done, n }: { done: boolean; n: number }) {
  return (
    <ThemeIcon
      radius="xl"
      size={26}
      color={done ? 'green' : 'gray'}
      variant={done ? 'filled' : 'light'}
      aria-hidden="true"
    >
      {done ? (
        <svg width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={3}>
          <path d="M5 12l5 5L20 7" />
        </svg>
      ) : (
        <Text size="xs" fw={700}>
          {n}
        </Text>
      )}
    </ThemeIcon>
  );
}

/**
 * The overview's first-hour checklist: session image → workspace → casting link → tried it, each
 * ticked from what really exists (asked again every few seconds and when the tab comes back).
 * Once everything is done it can be hidden; the choice is remembered in this browser.
 */
export function GettingStartedChecklist() {
  const list = useGettingStarted();
  const [hidden, setHidden] = useLocalStorage({ key: 'caster-getting-started-hidden', defaultValue: false });
  if (list.isPending) return <LoadingState label="Checking what is set up…" />;
  if (list.isError) return null;
  const { steps, complete } = list.data;
  if (complete && hidden) return null;
  const done = steps.filter((s) => s.done).length;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="getting-started-title"
      data-testid="getting-started"
    >
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="sm">
          <Title order={2} fz="h4" id="getting-started-title">
            Getting started
          </Title>
          <Badge color={complete ? 'green' : 'blue'} variant="light" data-testid="getting-started-progress">
            {done} of {steps.length} done
          </Badge>
        </Group>
        {complete ? (
          <Button variant="subtle" size="xs" onClick={() => setHidden(true)}>
            Hide this list
          </Button>
        ) : null}
      </Group>
      <List spacing="md" listStyleType="none" p={0}>
        {steps.map((step, i) => {
          const view = stepView(step, steps);
          return (
            <List.Item
              key={step.id}
              data-testid={`getting-started-${step.id}`}
              data-done={view.done ? 'true' : 'false'}
              icon={<Tick done={view.done} n={i + 1} />}
            >
              <Stack gap={2}>
                <Text fw={600} size="sm">
                  {view.title}
                  <Text span size="xs" c="dimmed" ml={6}>
                    {view.done ? 'done' : 'to do'}
                  </Text>
                </Text>
                <Text size="sm" c="dimmed">
                  {withCode(view.text)}
                </Text>
                {view.action ? (
                  <div>
                    <Button
                      component={Link}
                      to={view.action.to}
                      size="compact-sm"
                      variant={view.done ? 'subtle' : 'light'}
                      mt={4}
                    >
                      {view.action.label}
                    </Button>
                  </div>
                ) : null}
              </Stack>
            </List.Item>
          );
        })}
      </List>
    </Card>
  );
}
