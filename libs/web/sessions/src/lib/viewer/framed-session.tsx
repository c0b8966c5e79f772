import { type SessionView } from '@caster/contracts';
import { queryKeys } from '@caster/web/core';
import { ErrorState, SessionFrame, sessionOrigin } from '@caster/web/ui';
import { Affix, Box, Button, Center } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSessionAccess } from '../api/grant-session-access';
import { useKeepaliveSession } from '../api/keepalive-session';
import { useNow } from '../use-now';
import { ControlPanel, initialToggles, type ToggleState } from './control-panel/control-panel';
import { panelWidgets } from './control-panel/panel-widgets';
import { type ToggleWidget } from './control-panel/toggle-widgets';
import { DisconnectedScreen } from './disconnected-screen';
import { ExpiryCountdown } from './expiry-countdown';
import { storeImePreference } from './ime-preference';
import { LaunchProgress } from './launch-progress';
import { applyResolution, initialResolution, type Resolution } from './resolution';
import { createSessionBridge, type DisconnectReason } from './session-bridge';
import { markTipsSeen, TipsDialog, tipsSeen } from './tips-dialog';
import { TypingBar } from './typing-bar';
import { useKeepalive } from './use-keepalive';

/** If the frame never reports loaded (an image that keeps its page busy), stop covering it. */
const LOAD_COVER_MAX_MS = 15_000;

export interface FramedSessionProps {
  session: SessionView;
  launchStartedAt: number;
  onStopped: () => void;
}

/**
 * A running container session: a fresh enter URL on the session's own origin first, then the
 * frame and what floats on it.
 */
export function FramedSession({ session, launchStartedAt, onStopped }: FramedSessionProps) {
  const queryClient = useQueryClient();
  const access = useSessionAccess(session.id, true);
  const now = useNow(1000);
  // State, not a ref: the bridge and the message listener follow the element as it mounts (a new
  // enter URL is a new element: the frame is keyed on it).
  const [frame, setFrame] = useState<HTMLIFrameElement | null>(null);
  const origin = sessionOrigin(access.data) ?? '';
  const bridge = useMemo(() => createSessionBridge(() => frame, origin), [frame, origin]);
  const [loaded, setLoaded] = useState(false);
  const [coverExpired, setCoverExpired] = useState(false);
  const [tipsOpen, setTipsOpen] = useState(() => !session.flags.disableTips && !tipsSeen(session.id));
  const [toggles, setToggles] = useState<ToggleState>(() => initialToggles(session));
  const [receivedClipboard, setReceivedClipboard] = useState<string | null>(null);
  /** Set when the frame said its connection to the desktop closed (idle disconnect or otherwise). */
  const [disconnected, setDisconnected] = useState<DisconnectReason | null>(null);
  const [features, setFeatures] = useState<readonly string[]>([]);
  const [keyboardOpen, setKeyboardOpen] = useState(false);
  // Phones and tablets: the on-screen keyboard is one tap away, over the session.
  const touch = useMediaQuery('(pointer: coarse)') ?? false;

  const keepalive = useKeepaliveSession(session.id);
  const { mutate: ping } = keepalive;
  // Idle: no keepalives, so a session nobody comes back to expires by the keepalive rules.
  useKeepalive(
    disconnected !== 'idle',
    useCallback(() => ping(), [ping]),
  );

  // Shared with a fixed resolution: the remote desktop keeps its size whatever this window does.
  const fixedResolution = session.flags.sharing && session.flags.fixedResolution;
  // The visitor's choice, within what the flags allow: a fixed shared resolution is always scaled
  // (it follows a change of the flags without reloading the frame).
  const [chosen, setResolution] = useState<Resolution | null>(null);
  const resolution: Resolution = fixedResolution ? 'scale' : (chosen ?? initialResolution(false));
  useEffect(() => {
    if (loaded) applyResolution(bridge, resolution);
  }, [bridge, resolution, loaded]);

  useEffect(() => {
    const timer = setTimeout(() => setCoverExpired(true), LOAD_COVER_MAX_MS);
    return () => clearTimeout(timer);
  }, []);

  const allowed = panelWidgets(session.clientSettings, session.flags);
  const onToggle = (widget: ToggleWidget, checked: boolean) => {
    if (widget === 'ime') storeImePreference(checked);
    setToggles((previous) => ({ ...previous, [widget]: checked }));
    bridge.post({ type: widget, enabled: checked });
  };

  // Each (re)load of the frame starts the image afresh: tell it the switches' current positions.
  // Sent on load and again when the frame's bridge says it is ready (noVNC's page loads after the
  // index page that led to it, so the first load can come before anyone listens).
  const sendState = () => {
    for (const widget of ['audio', 'microphone', 'gamepads', 'ime'] as const) {
      if (allowed.includes(widget)) bridge.post({ type: widget, enabled: toggles[widget] });
    }
    applyResolution(bridge, resolution);
  };
  const sendStateRef = useRef(sendState);
  useEffect(() => {
    sendStateRef.current = sendState;
  });

  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      const message = bridge.receive(event);
      if (message?.type === 'clipboard') {
        if (session.clientSettings.allowClipboardDown) setReceivedClipboard(message.text);
      } else if (message?.type === 'ready') {
        setFeatures(message.features);
        sendStateRef.current();
      } else if (message?.type === 'disconnected') setDisconnected(message.reason);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [bridge, session.clientSettings.allowClipboardDown]);

  const onLoad = () => {
    setLoaded(true);
    sendState();
  };

  const reconnect = () => {
    setDisconnected(null);
    setLoaded(false);
    // Back at the keyboard: that is use, and the session may be close to its keepalive expiry.
    ping();
    // A fresh single-use enter URL: a new frame, a new connection.
    void queryClient.resetQueries({ queryKey: queryKeys.sessions.access(session.id) });
  };

  const closeTips = () => {
    markTipsSeen(session.id);
    setTipsOpen(false);
  };

  if (access.isError) {
    return (
      <Center mih="100vh" p="md">
        <ErrorState
          title="Your session could not be opened"
          error={access.error}
          onRetry={() => void queryClient.resetQueries({ queryKey: queryKeys.sessions.access(session.id) })}
        />
      </Center>
    );
  }
  if (!access.isSuccess) {
    return (
      <LaunchProgress
        state="running"
        workspaceName={session.workspaceName}
        startedAt={launchStartedAt}
        now={now}
      />
    );
  }

  if (disconnected) return <DisconnectedScreen reason={disconnected} onReconnect={reconnect} />;

  const keysSupported = features.includes('keys');
  const typingMode = keyboardOpen ? 'keyboard' : toggles.ime ? 'ime' : null;

  return (
    <Box pos="fixed" inset={0} data-testid="session-viewer">
      <SessionFrame
        entry={access.data}
        frameRef={setFrame}
        settings={session.clientSettings}
        fixedResolution={fixedResolution}
        title={session.workspaceName ? `${session.workspaceName} session` : 'Session'}
        onLoad={onLoad}
      />
      {!loaded && !coverExpired ? (
        <Box pos="absolute" inset={0} bg="var(--mantine-color-body)">
          <LaunchProgress
            state="running"
            workspaceName={session.workspaceName}
            startedAt={launchStartedAt}
            now={now}
          />
        </Box>
      ) : null}
      <Affix position={{ top: 8, left: '50%' }} zIndex={160} style={{ transform: 'translateX(-50%)' }}>
        <ExpiryCountdown
          expiresAt={session.expiresAt}
          hardExpiresAt={session.hardExpiresAt}
          now={now}
          onExtend={() => ping()}
          extending={keepalive.isPending}
          error={keepalive.error}
        />
      </Affix>
      {session.flags.disableControlPanel ? null : (
        <ControlPanel
          session={session}
          bridge={bridge}
          toggles={toggles}
          onToggle={onToggle}
          receivedClipboard={receivedClipboard}
          display={{
            resolution,
            onResolution: setResolution,
            fixedBySharing: fixedResolution,
            canSetSize: features.includes('desktop-size'),
          }}
          keyboard={{ open: keyboardOpen, onOpen: setKeyboardOpen }}
          onStopped={onStopped}
        />
      )}
      {typingMode ? (
        <TypingBar
          bridge={bridge}
          mode={typingMode}
          supported={keysSupported}
          onClose={() => {
            if (keyboardOpen) setKeyboardOpen(false);
            else onToggle('ime', false);
          }}
        />
      ) : touch ? (
        <Affix position={{ bottom: 12, right: 12 }} zIndex={150}>
          <Button
            size="compact-md"
            variant="filled"
            color="dark"
            opacity={0.85}
            onClick={() => setKeyboardOpen(true)}
          >
            Keyboard
          </Button>
        </Affix>
      ) : null}
      {/* Tips over the session itself, not over the loading cover. */}
      <TipsDialog
        opened={tipsOpen && (loaded || coverExpired)}
        onClose={closeTips}
        controlPanel={!session.flags.disableControlPanel}
      />
    </Box>
  );
}
