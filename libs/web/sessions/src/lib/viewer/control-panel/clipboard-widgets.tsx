import { Button, CopyButton, Group, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { type SessionBridge } from '../session-bridge';
import { PanelSection } from './panel-section';

const SENT_TEXT = {
  desktop: 'Sent. Paste it inside the session as you normally would.',
  message: 'Sent to the session. It arrives only if the session’s image accepts Caster’s clipboard messages.',
  none: 'The session is not ready to receive it yet. Try again in a moment.',
} as const;

function canReadLocalClipboard(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.clipboard?.readText === 'function';
}

/** Local → session. */
export function ClipboardUpWidget({ bridge }: { bridge: SessionBridge }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<keyof typeof SENT_TEXT | null>(null);
  const [readFailed, setReadFailed] = useState(false);

  const pasteLocal = async () => {
    setReadFailed(false);
    try {
      setText(await navigator.clipboard.readText());
    } catch {
      // The browser refused (no permission, or not a secure context): typing still works.
      setReadFailed(true);
    }
  };

  return (
    <PanelSection title="Send text to the session">
      <Textarea
        aria-label="Text to send to the session"
        placeholder="Type or paste text here"
        rows={3}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setResult(null);
        }}
        size="xs"
      />
      <Group gap="xs">
        {canReadLocalClipboard() ? (
          <Button size="xs" variant="default" onClick={() => void pasteLocal()}>
            Paste from my clipboard
          </Button>
        ) : null}
        <Button size="xs" disabled={text === ''} onClick={() => setResult(bridge.pasteText(text))}>
          Send to session
        </Button>
      </Group>
      {readFailed ? (
        <Text size="xs" c="dimmed">
          Your browser did not let Caster read your clipboard. Paste into the box above instead.
        </Text>
      ) : null}
      {result ? (
        <Text size="xs" c={result === 'none' ? 'red' : 'dimmed'} role="status">
          {SENT_TEXT[result]}
        </Text>
      ) : null}
    </PanelSection>
  );
}

export interface ClipboardDownWidgetProps {
  bridge: SessionBridge;
  /** The last clipboard text the session sent by message (noVNC's, through the image's bridge). */
  received: string | null;
}

/** Session → local. */
export function ClipboardDownWidget({ bridge, received }: ClipboardDownWidgetProps) {
  // The session answers by message (see session-bridge.ts); until it does, say what may be wrong.
  const [asked, setAsked] = useState(false);
  const text = received;

  const fetchClipboard = () => {
    setAsked(bridge.requestClipboard() || true);
  };

  return (
    <PanelSection title="Copy text from the session">
      <Text size="xs" c="dimmed">
        Copy something inside the session first, then get it here.
      </Text>
      <Button size="xs" variant="default" onClick={fetchClipboard}>
        Get the session’s clipboard
      </Button>
      {text ? (
        <>
          <Textarea aria-label="The session’s clipboard" value={text} readOnly rows={3} size="xs" />
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button size="xs" color={copied ? 'green' : undefined} onClick={copy}>
                {copied ? 'Copied' : 'Copy to my clipboard'}
              </Button>
            )}
          </CopyButton>
        </>
      ) : asked ? (
        <Text size="xs" c="dimmed" role="status">
          Nothing has been copied in the session yet, or its image does not share its clipboard.
        </Text>
      ) : null}
    </PanelSection>
  );
}
