import { type SessionState } from '@caster/contracts';
import { Center, Loader, Paper, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { formatElapsed } from '../format';

export interface LaunchStep {
  label: string;
  description: string;
}

/** What the visitor sees for `provisioning → starting → running`, then the frame loading. */
export const LAUNCH_STEPS: readonly LaunchStep[] = [
  { label: 'Preparing your session', description: 'Finding room on a session host and creating it.' },
  { label: 'Starting the workspace', description: 'Waiting for the workspace to start answering.' },
  { label: 'Connecting', description: 'Opening the session in this window.' },
];

export type StepStatus = 'done' | 'current' | 'pending';

/** Which step a session state stands on; `running` means the last step (connecting) is under way. */
export function launchStepIndex(state: SessionState | null): number {
  switch (state) {
    case null:
    case 'staged':
    case 'provisioning':
      return 0;
    case 'starting':
      return 1;
    case 'running':
    case 'stopping':
    case 'stopped':
    case 'failed':
      return 2;
  }
}

/**
 * Where the launch's "Elapsed" clock starts: when the session became the visitor's (the API's
 * `claimedAt`: the cast, or a warm session's hand-over), never when a staging pool made it. Before
 * the session is known, when this page opened.
 */
export function launchClockStart(
  session: { claimedAt?: string; createdAt: string } | undefined,
  openedAt: number,
): number {
  if (!session) return openedAt;
  const at = Date.parse(session.claimedAt ?? session.createdAt);
  return Number.isFinite(at) ? at : openedAt;
}

export interface LaunchProgressProps {
  state: SessionState | null;
  workspaceName?: string;
  /** When the launch began (epoch ms, see launchClockStart) and the current time, for the elapsed clock. */
  startedAt: number;
  now: number;
}

function StepIcon({ status, index }: { status: StepStatus; index: number }) {
  if (status === 'current') return <Loader size={22} aria-hidden="true" />;
  return (
    <ThemeIcon
      size={22}
      radius="xl"
      variant={status === 'done' ? 'filled' : 'default'}
      color={status === 'done' ? 'green' : 'gray'}
      aria-hidden="true"
    >
      <Text size="xs" fw={700} c="inherit">
        {status === 'done' ? '✓' : index + 1}
      </Text>
    </ThemeIcon>
  );
}

const STATUS_TEXT: Record<StepStatus, string> = { done: 'done', current: 'in progress', pending: 'waiting' };

export function LaunchProgress({ state, workspaceName, startedAt, now }: LaunchProgressProps) {
  const current = launchStepIndex(state);
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" radius="md" w={440} maw="100%" data-testid="launch-progress">
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={1} fz="h3">
              {workspaceName ? `Starting ${workspaceName}` : 'Starting your session'}
            </Title>
            <Text size="sm" c="dimmed" data-testid="launch-elapsed" aria-live="off">
              Elapsed: {formatElapsed(Math.max(0, now - startedAt))}
            </Text>
          </Stack>
          <Stack
            component="ol"
            gap="md"
            aria-label="Launch progress"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
          >
            {LAUNCH_STEPS.map((step, index) => {
              const status: StepStatus = index < current ? 'done' : index === current ? 'current' : 'pending';
              return (
                <li
                  key={step.label}
                  data-status={status}
                  aria-current={status === 'current' ? 'step' : undefined}
                  style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}
                >
                  <StepIcon status={status} index={index} />
                  <div>
                    <Text
                      fw={status === 'current' ? 600 : 400}
                      c={status === 'pending' ? 'dimmed' : undefined}
                    >
                      {step.label}
                      <VisuallyHidden component="span">{` (${STATUS_TEXT[status]})`}</VisuallyHidden>
                    </Text>
                    {status === 'current' ? (
                      <Text size="sm" c="dimmed">
                        {step.description}
                      </Text>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </Stack>
          <Text size="sm" role="status" aria-live="polite" data-testid="launch-status">
            {LAUNCH_STEPS[current].label}…
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
