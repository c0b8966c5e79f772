import { type SessionState } from '@caster/contracts';
import { Badge } from '@mantine/core';

const COLORS: Record<SessionState, string> = {
  staged: 'violet',
  provisioning: 'blue',
  starting: 'cyan',
  running: 'green',
  stopping: 'orange',
  stopped: 'gray',
  failed: 'red',
};

export function SessionStateBadge({ state }: { state: SessionState }) {
  return (
    <Badge color={COLORS[state]} variant="light" data-state={state}>
      {state}
    </Badge>
  );
}
