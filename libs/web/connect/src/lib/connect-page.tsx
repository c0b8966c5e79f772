import { type ConnectView, type SessionEntryResponse, type SessionState } from '@caster/contracts';
import { errorMessage } from '@caster/web/core';
import { EmptyState, IconAlert, SessionFrame, viewOnlySettings } from '@caster/web/ui';
import { Badge, Box, Button, Center, Loader, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { connectKeepalive } from './api/connect-keepalive';
import { connectKeys } from './api/connect-keys';
import { enterConnectSession } from './api/enter-connect-session';
import { getConnectView } from './api/get-connect-view';
import { tradeConnectToken } from './api/trade-connect-token';

export const CONNECT_POLL_MS = 1_000;
export const CONNECT_KEEPALIVE_MS = 60_000;

const STARTING: Partial<Record<SessionState, { label: string; progress: number }>> = {
  staged: { label: 'Waiting for a workspace…', progress: 15 },
  provisioning: { label: 'Preparing the workspace…', progress: 40 },
  starting: { label: 'Starting the session…', progress: 75 },
};

const isHttpUrl = (url: string) => /^https?:\/\//i.test(url);

/** The trade's own enter URL is used if it still has this long to live; else a fresh one is asked. */
const ENTRY_MARGIN_MS = 5_000;

function Unavailable({ title, text, onRetry }: { title: string; text: string; onRetry?: () => void }) {
  return (
    <Center mih="100vh" p="md">
      <EmptyState
        data-testid="connect-unavailable"
        icon={<IconAlert />}
        title={title}
        text={
          <Text component="span" role="alert">
            {text}
          </Text>
        }
        action={
          onRetry ? (
            <Button variant="light" onClick={onRetry}>
              Try again
            </Button>
          ) : null
        }
      />
    </Center>
  );
}

/**
 * `#/connect/:kasmId?token=…` (public): the `kasm_url` the Developer API hands out. The token is
 * traded for cookies once and removed from the address bar at once, so it is neither kept in the
 * history nor copied along with the URL; a reload then reads the session with those cookies.
 */
export function ConnectPage() {
  const { kasmId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  // Read once: the address bar loses it right below.
  const [token] = useState(() => searchParams.get('token'));
  const tokenInUrl = searchParams.has('token');

  useEffect(() => {
    // With the hash router this is a history.replaceState to `#/connect/<kasmId>`.
    if (tokenInUrl) void navigate(`/connect/${encodeURIComponent(kasmId)}`, { replace: true });
  }, [tokenInUrl, kasmId, navigate]);

  const tradeEntry = useRef<SessionEntryResponse | null>(null);
  const trade = useQuery({
    queryKey: connectKeys.trade(kasmId),
    // Without a token (a reload), the cookie from the first visit may still admit this browser.
    queryFn: async ({ signal }): Promise<ConnectView> => {
      if (!token) return getConnectView(kasmId, signal);
      const traded = await tradeConnectToken({ kasm_id: kasmId, token });
      tradeEntry.current = {
        enterUrl: traded.enterUrl,
        origin: traded.origin,
        expiresAt: traded.enterExpiresAt,
      };
      return traded;
    },
    enabled: kasmId !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  const sessionId = trade.data?.sessionId ?? '';
  const poll = useQuery({
    queryKey: connectKeys.view(sessionId),
    queryFn: ({ signal }) => getConnectView(sessionId, signal),
    enabled: trade.data !== undefined && trade.data.state !== 'running',
    initialData: trade.data,
    retry: false,
    refetchOnWindowFocus: false,
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return state && state in STARTING ? CONNECT_POLL_MS : false;
    },
  });

  const view: ConnectView | undefined = poll.data ?? trade.data;
  const running = view?.state === 'running';
  const viewOnly = view?.viewOnly ?? true;

  // One single-use enter URL per load of the frame: the trade's first (once, while fresh), then
  // new ones from /api/connect/<id>/enter (a reload of this page, a session that took a while).
  const framed = running && view.workspaceType === 'container';
  const entry = useQuery({
    queryKey: connectKeys.enter(sessionId),
    queryFn: () => {
      const first = tradeEntry.current;
      tradeEntry.current = null;
      if (first && Date.parse(first.expiresAt) - Date.now() > ENTRY_MARGIN_MS) return first;
      return enterConnectSession(sessionId);
    },
    enabled: framed && sessionId !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  useEffect(() => {
    if (!running || viewOnly || !sessionId) return;
    const timer = window.setInterval(() => {
      connectKeepalive(sessionId).catch(() => undefined);
    }, CONNECT_KEEPALIVE_MS);
    return () => window.clearInterval(timer);
  }, [running, viewOnly, sessionId]);

  const redirectTo =
    running && view.workspaceType === 'link' && isHttpUrl(view.viewerUrl) ? view.viewerUrl : null;
  useEffect(() => {
    if (redirectTo) window.location.assign(redirectTo);
  }, [redirectTo]);

  const error = trade.error ?? (poll.error?.code === 'NOT_FOUND' ? poll.error : null);
  if (error) {
    return error.code === 'NOT_FOUND' ? (
      <Unavailable
        title="This link is not valid or the session has ended"
        text="The link may have expired, been used up or revoked, or its session has been stopped. Ask for a new link."
      />
    ) : (
      <Unavailable
        title="The session could not be opened"
        text={errorMessage(error.code, { retryAfterSeconds: error.retryAfterSeconds })}
        onRetry={() => void trade.refetch()}
      />
    );
  }

  if (!view) {
    return (
      <Center mih="100vh">
        <Stack align="center" gap="sm">
          <Loader />
          <Text size="sm">Connecting…</Text>
        </Stack>
      </Center>
    );
  }

  if (view.state === 'failed') {
    return (
      <Unavailable
        title="The session could not be started"
        text={view.failure?.message ?? 'Something went wrong while starting it.'}
      />
    );
  }
  if (view.state === 'stopping' || view.state === 'stopped') {
    return (
      <Unavailable
        title="This link is not valid or the session has ended"
        text="The session has been stopped. Ask for a new link."
      />
    );
  }

  const starting = STARTING[view.state];
  if (starting) {
    return (
      <Center mih="100vh" p="md">
        <Stack align="center" gap="sm" w={320} data-testid="connect-progress">
          <Text fw={500}>{view.workspaceName}</Text>
          <Progress value={starting.progress} w="100%" animated aria-label="Session start progress" />
          <Text size="sm" c="dimmed" role="status">
            {starting.label}
          </Text>
        </Stack>
      </Center>
    );
  }

  if (redirectTo) {
    return (
      <Center mih="100vh">
        <Text size="sm">Opening {view.workspaceName}…</Text>
      </Center>
    );
  }

  if (entry.isError) {
    return entry.error.code === 'NOT_FOUND' ? (
      <Unavailable
        title="This link is not valid or the session has ended"
        text="The session has been stopped or the link revoked. Ask for a new link."
      />
    ) : (
      <Unavailable
        title="The session could not be opened"
        text={errorMessage(entry.error.code, { retryAfterSeconds: entry.error.retryAfterSeconds })}
        onRetry={() => void entry.refetch()}
      />
    );
  }
  if (!entry.data) {
    return (
      <Center mih="100vh">
        <Stack align="center" gap="sm">
          <Loader />
          <Text size="sm">Connecting…</Text>
        </Stack>
      </Center>
    );
  }

  return (
    <Box pos="fixed" inset={0} data-testid="connect-viewer">
      <SessionFrame
        entry={entry.data}
        settings={viewOnly ? viewOnlySettings() : view.clientSettings}
        viewOnly={viewOnly}
        fixedResolution={viewOnly}
        title={viewOnly ? `${view.workspaceName} (view only)` : view.workspaceName}
      />
      {viewOnly ? (
        <Box pos="absolute" top={8} left={8} style={{ zIndex: 10 }}>
          <Badge color="gray" variant="filled" size="lg" data-testid="view-only-badge">
            View only
          </Badge>
        </Box>
      ) : null}
    </Box>
  );
}
