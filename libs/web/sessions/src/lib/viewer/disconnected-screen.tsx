import { EmptyState, IconAlert, IconInbox } from '@caster/web/ui';
import { Button, Center } from '@mantine/core';
import { type DisconnectReason } from './session-bridge';

const COPY: Record<DisconnectReason, { title: string; text: string }> = {
  idle: {
    title: 'You were idle',
    text: 'You were disconnected after a while without using the keyboard or mouse. Your session keeps running until it expires; reconnect to carry on where you left off.',
  },
  closed: {
    title: 'The connection to your session was lost',
    text: 'Your session may still be running. Reconnect to see it again.',
  },
};

export interface DisconnectedScreenProps {
  reason: DisconnectReason;
  onReconnect: () => void;
}

/** In place of the frame once its connection to the desktop closed (idle disconnect or otherwise). */
export function DisconnectedScreen({ reason, onReconnect }: DisconnectedScreenProps) {
  const copy = COPY[reason];
  return (
    <Center mih="100vh" p="md">
      <EmptyState
        data-testid={reason === 'idle' ? 'session-idle' : 'session-disconnected'}
        icon={reason === 'idle' ? <IconInbox /> : <IconAlert />}
        title={copy.title}
        text={copy.text}
        action={
          <Button onClick={onReconnect} autoFocus>
            Reconnect
          </Button>
        }
      />
    </Center>
  );
}
