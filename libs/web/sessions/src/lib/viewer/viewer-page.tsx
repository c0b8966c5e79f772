import { type SessionState } from '@caster/contracts';
import { castOriginOf, queryKeys, usePageTitle } from '@caster/web/core';
import { ErrorState, LoadingState } from '@caster/web/ui';
import { Center } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { useCastRestart } from '../api/get-cast-restart';
import { sessionQueryOptions } from '../api/get-session';
import { FINAL_STATES, useSessionEvents } from '../api/session-events';
import { useNow } from '../use-now';
import { castFailureExit } from './cast-failure-exit';
import { FramedSession } from './framed-session';
import { goToExternal } from './leave-page';
import { LaunchProgress, launchClockStart } from './launch-progress';
import { LinkRedirect } from './link-redirect';
import { SessionEnded } from './session-ended';
import { furthestState } from './session-state';
import { WayBack } from './way-back';

/** Only when the event stream is refused or unsupported. */
const POLL_MS = 2_000;

/** `#/session/:id`: launch progress, then the session itself. */
export function ViewerPage() {
  const { id = '' } = useParams();
  // A new id is a new session: start from nothing rather than from the previous one's events.
  return <SessionViewer key={id} sessionId={id} />;
}

function SessionViewer({ sessionId }: { sessionId: string }) {
  const queryClient = useQueryClient();
  const stream = useSessionEvents(sessionId);
  const [openedAt] = useState(() => Date.now());
  const [stoppedHere, setStoppedHere] = useState(false);
  const session = useQuery({
    ...sessionQueryOptions(sessionId),
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return stream.broken && !(state && FINAL_STATES.has(state)) ? POLL_MS : false;
    },
  });

  // Each state change can bring new fields (startedAt, expiry); the stream carries only the state.
  const latest = stream.latest;
  useEffect(() => {
    if (latest) void queryClient.invalidateQueries({ queryKey: queryKeys.sessions.detail(sessionId) });
  }, [latest, queryClient, sessionId]);

  const data = session.data;
  const state: SessionState | null = stoppedHere ? 'stopped' : furthestState(latest?.state, data?.state);
  const failure = latest?.failure ?? data?.failure ?? null;
  const everRan = Boolean(data?.startedAt) || stream.events.some((e) => e.state === 'running');
  const launchStartedAt = launchClockStart(data, openedAt);
  const ended = state === 'failed' || state === 'stopped';
  const restartPath = useCastRestart(sessionId, ended && Boolean(data?.cast));
  usePageTitle(data?.workspaceName || 'Your session');

  if (state === 'failed') {
    const failed = failure ?? { code: 'PROVISION_FAILED' };
    // A casting link's visitor lands where the link's refusals land (its Error URL or #/error).
    const exit = castFailureExit(data, failed.code, !everRan, castOriginOf(sessionId));
    if (exit?.kind === 'route') return <Navigate to={exit.to} replace />;
    if (exit?.kind === 'external') return <ExternalExit url={exit.url} />;
    return <SessionEnded failure={failed} neverStarted={!everRan} restartPath={restartPath} />;
  }
  if (state === 'stopped') return <SessionEnded restartPath={restartPath} />;
  if (session.isError && !data) {
    return (
      <Center mih="100vh" p="md">
        <ErrorState
          title={
            session.error.code === 'NOT_FOUND' ? 'Session not found' : 'Your session could not be loaded'
          }
          error={session.error}
          onRetry={session.error.code === 'NOT_FOUND' ? undefined : () => void session.refetch()}
          action={<WayBack />}
        />
      </Center>
    );
  }
  if (state === 'stopping') return <LoadingState label="Your session is ending…" />;
  if (!data || state !== 'running') {
    return (
      <LaunchProgressClock state={state} workspaceName={data?.workspaceName} startedAt={launchStartedAt} />
    );
  }

  switch (data.workspaceType) {
    case 'link':
      return <LinkRedirect url={data.viewerUrl} workspaceName={data.workspaceName} />;
    // Server and pool sessions are an RDP gateway container: streamed exactly like a desktop.
    case 'server':
    case 'pool':
    case 'container':
      return (
        <FramedSession
          session={data}
          launchStartedAt={launchStartedAt}
          onStopped={() => setStoppedHere(true)}
        />
      );
  }
}

/** Leaves for the link's Error URL once; shows the wait meanwhile (a page load can take a moment). */
function ExternalExit({ url }: { url: string }) {
  useEffect(() => goToExternal(url), [url]);
  return <LoadingState label="Your session could not be started…" />;
}

function LaunchProgressClock(props: {
  state: SessionState | null;
  workspaceName?: string;
  startedAt: number;
}) {
  const now = useNow(1000);
  return <LaunchProgress {...props} now={now} />;
}
