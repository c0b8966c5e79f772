import { type SessionView } from '@caster/contracts';
import { Affix, Button, Divider, Drawer, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Fragment, type ReactNode } from 'react';
import { storedImePreference } from '../ime-preference';
import { type Resolution } from '../resolution';
import { type SessionBridge } from '../session-bridge';
import { ClipboardDownWidget, ClipboardUpWidget } from './clipboard-widgets';
import { DisplayWidget } from './display-widget';
import { DownloadWidget } from './download-widget';
import { KeyboardWidget } from './keyboard-widget';
import { MediaWidgetSection, UnmuteButton } from './media-widgets';
import { panelWidgets, type PanelWidget } from './panel-widgets';
import { ShareWidget } from './share-widget';
import { StopSessionButton } from './stop-session-button';
import { type ToggleWidget, ToggleWidgetSection } from './toggle-widgets';
import { UploadWidget } from './upload-widget';

export type ToggleState = Record<ToggleWidget, boolean>;

export function initialToggles(session: Pick<SessionView, 'clientSettings'>): ToggleState {
  return {
    audio: session.clientSettings.audioDefaultOn,
    microphone: false,
    gamepads: false,
    // "IME Default On" applies only while the visitor has no choice of their own in this browser.
    ime: storedImePreference() ?? session.clientSettings.imeDefaultOn,
  };
}

/** How the desktop's size follows the window, and what the frame's bridge can do about it. */
export interface DisplayState {
  resolution: Resolution;
  onResolution: (resolution: Resolution) => void;
  fixedBySharing: boolean;
  canSetSize: boolean;
}

/** The on-screen keyboard's state (the typing box itself floats over the session). */
export interface KeyboardState {
  open: boolean;
  onOpen: (open: boolean) => void;
}

export interface ControlPanelProps {
  session: SessionView;
  bridge: SessionBridge;
  toggles: ToggleState;
  onToggle: (widget: ToggleWidget, checked: boolean) => void;
  /** Clipboard text the session sent by message, if its image does that. */
  receivedClipboard: string | null;
  display: DisplayState;
  keyboard: KeyboardState;
  onStopped: () => void;
  defaultOpened?: boolean;
}

/**
 * The panel behind the "Controls" button: only the widgets the session's effective client
 * settings allow, then Stop.
 */
export function ControlPanel({
  session,
  bridge,
  toggles,
  onToggle,
  receivedClipboard,
  display,
  keyboard,
  onStopped,
  defaultOpened = false,
}: ControlPanelProps) {
  const [opened, { open, close }] = useDisclosure(defaultOpened);

  const render = (widget: PanelWidget): ReactNode => {
    switch (widget) {
      case 'display':
        return <DisplayWidget {...display} />;
      case 'keyboard':
        return (
          <KeyboardWidget
            open={keyboard.open}
            onOpen={(open) => {
              keyboard.onOpen(open);
              // The box takes the keys: the drawer would sit on it.
              if (open) close();
            }}
          />
        );
      case 'upload':
        return <UploadWidget sessionId={session.id} />;
      case 'download':
        return <DownloadWidget sessionId={session.id} />;
      case 'clipboardUp':
        return <ClipboardUpWidget bridge={bridge} />;
      case 'clipboardDown':
        return <ClipboardDownWidget bridge={bridge} received={receivedClipboard} />;
      case 'sharing':
        return <ShareWidget sessionId={session.id} shareId={session.shareId ?? null} />;
      case 'audio':
      case 'microphone':
        return (
          <MediaWidgetSection
            widget={widget}
            bridge={bridge}
            checked={toggles[widget]}
            onChange={(checked) => onToggle(widget, checked)}
          />
        );
      case 'gamepads':
      case 'ime':
        return (
          <ToggleWidgetSection
            widget={widget}
            checked={toggles[widget]}
            onChange={(checked) => onToggle(widget, checked)}
          />
        );
    }
  };

  return (
    <>
      <UnmuteButton session={session} bridge={bridge} soundOn={toggles.audio} onToggle={onToggle} />
      <Affix position={{ top: 8, right: 8 }} zIndex={150}>
        <Button size="compact-sm" variant="filled" color="dark" opacity={0.85} onClick={open}>
          Controls
        </Button>
      </Affix>
      <Drawer
        opened={opened}
        onClose={close}
        position="right"
        size={360}
        title={session.workspaceName || 'Session controls'}
        aria-label="Session controls"
        data-testid="control-panel"
      >
        <Stack gap="md">
          {panelWidgets(session.clientSettings, session.flags).map((widget) => (
            <Fragment key={widget}>
              {render(widget)}
              <Divider />
            </Fragment>
          ))}
          <Stack gap={6}>
            <Text size="xs" c="dimmed">
              Stopping ends the session for good. Closing this tab leaves it running until it expires.
            </Text>
            <StopSessionButton sessionId={session.id} onStopped={onStopped} />
          </Stack>
        </Stack>
      </Drawer>
    </>
  );
}
