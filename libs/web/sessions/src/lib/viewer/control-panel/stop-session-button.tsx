import { ConfirmButton } from '@caster/web/ui';
import { useStopSession } from '../../api/stop-session';

export function StopSessionButton({ sessionId, onStopped }: { sessionId: string; onStopped: () => void }) {
  const stop = useStopSession(sessionId);
  return (
    <ConfirmButton
      danger
      variant="light"
      title="Stop this session?"
      message="The session ends now and everything inside it is deleted. This cannot be undone."
      confirmLabel="Stop session"
      onConfirm={async () => {
        await stop.mutateAsync();
        onStopped();
      }}
    >
      Stop session
    </ConfirmButton>
  );
}
