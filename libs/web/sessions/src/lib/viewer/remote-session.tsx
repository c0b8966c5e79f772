import { LoadingState } from '@caster/web/ui';
import { Center, Stack } from '@mantine/core';
import { useSession } from '../api/get-session';
import { useKeepaliveSession } from '../api/keepalive-session';
import { useNow } from '../use-now';
import { StopSessionButton } from './control-panel/stop-session-button';
import { ExpiryCountdown } from './expiry-countdown';
import { RdpDetails } from './rdp-details';
import { useKeepalive } from './use-keepalive';

/** Server and pool sessions: connection details, with stop and the countdown, kept alive too. */
export function RemoteSession({ sessionId, onStopped }: { sessionId: string; onStopped: () => void }) {
  const { data } = useSession(sessionId);
  const now = useNow(1000);
  const keepalive = useKeepaliveSession(sessionId);
  const { mutate: ping } = keepalive;
  useKeepalive(true, ping);
  if (!data) return null;
  return (
    <Center mih="100vh" p="md">
      {data.connection ? (
        <RdpDetails sessionId={sessionId} workspaceName={data.workspaceName} connection={data.connection}>
          <Stack gap="sm">
            <ExpiryCountdown
              expiresAt={data.expiresAt}
              hardExpiresAt={data.hardExpiresAt}
              now={now}
              onExtend={() => ping()}
              extending={keepalive.isPending}
              error={keepalive.error}
            />
            {data.flags.disableControlPanel ? null : (
              <StopSessionButton sessionId={sessionId} onStopped={onStopped} />
            )}
          </Stack>
        </RdpDetails>
      ) : (
        <LoadingState label="Waiting for the connection details…" />
      )}
    </Center>
  );
}
