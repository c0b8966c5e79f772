import { ActionIcon, Affix, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { type NamedKey, type SessionBridge } from './session-bridge';

/** The on-screen keyboard's key row: label, what a screen reader says, the key sent. */
const KEY_ROW: { label: string; name: string; key: NamedKey }[] = [
  { label: 'Esc', name: 'Escape', key: 'Escape' },
  { label: 'Tab', name: 'Tab', key: 'Tab' },
  { label: '←', name: 'Left', key: 'ArrowLeft' },
  { label: '↑', name: 'Up', key: 'ArrowUp' },
  { label: '↓', name: 'Down', key: 'ArrowDown' },
  { label: '→', name: 'Right', key: 'ArrowRight' },
  { label: '⌫', name: 'Backspace', key: 'Backspace' },
  { label: '↵', name: 'Enter', key: 'Enter' },
];

/** Keys of the typing box that go to the session as keys (with nothing typed in the box). */
const PASSED_KEYS: Partial<Record<string, NamedKey>> = {
  Enter: 'Enter',
  Tab: 'Tab',
  Escape: 'Escape',
  Backspace: 'Backspace',
  Delete: 'Delete',
  ArrowLeft: 'ArrowLeft',
  ArrowRight: 'ArrowRight',
  ArrowUp: 'ArrowUp',
  ArrowDown: 'ArrowDown',
};

export interface TypingBarProps {
  bridge: SessionBridge;
  /** `keyboard`: the on-screen keyboard (with a row of keys); `ime`: the composition box only. */
  mode: 'keyboard' | 'ime';
  /** The frame's bridge said it accepts typed keys. */
  supported: boolean;
  onClose: () => void;
}

/**
 * A text box over the session whose text is typed into the session as keysyms (through the frame's
 * bridge): what an input method composes is sent once composed (`compositionend`), plain typing
 * as it comes, and Enter, Tab, Backspace, arrows… as keys. On a phone or tablet focusing it brings
 * up the device's own keyboard; with IME mode on it is where CJK and other composed text is typed.
 */
export function TypingBar({ bridge, mode, supported, onClose }: TypingBarProps) {
  const input = useRef<HTMLInputElement>(null);
  const composing = useRef(false);
  /** Some browsers fire `input` once more after `compositionend` with the composed text. */
  const justComposed = useRef<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    input.current?.focus();
  }, [mode]);

  const typed = (ok: boolean) => setFailed(!ok);

  const onInput = () => {
    const box = input.current;
    if (!box || composing.current) return;
    const text = box.value;
    box.value = '';
    if (justComposed.current !== null && text === justComposed.current) {
      justComposed.current = null;
      return;
    }
    justComposed.current = null;
    if (text !== '') typed(bridge.typeText(text));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (composing.current || event.nativeEvent.isComposing) return;
    const key = PASSED_KEYS[event.key];
    if (!key || (input.current?.value ?? '') !== '') return;
    event.preventDefault();
    typed(bridge.pressKeys([key]));
  };

  const title = mode === 'ime' ? 'IME input' : 'On-screen keyboard';
  return (
    <Affix position={{ bottom: 12, left: '50%' }} zIndex={170} style={{ transform: 'translateX(-50%)' }}>
      <Paper
        shadow="md"
        p="xs"
        radius="md"
        withBorder
        w="min(640px, 96vw)"
        component="section"
        aria-label={title}
        data-testid="typing-bar"
      >
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap">
            <TextInput
              ref={input}
              autoFocus
              flex={1}
              size="sm"
              aria-label="Type into the session"
              placeholder={
                mode === 'ime'
                  ? 'Compose text here: it is typed into the session'
                  : 'Type here: it is typed into the session'
              }
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              spellCheck={false}
              onInput={onInput}
              onKeyDown={onKeyDown}
              onCompositionStart={() => {
                composing.current = true;
              }}
              onCompositionEnd={(event) => {
                composing.current = false;
                const text = event.data;
                if (input.current) input.current.value = '';
                justComposed.current = text;
                if (text) typed(bridge.typeText(text));
              }}
            />
            <ActionIcon variant="subtle" color="gray" aria-label={`Close ${title}`} onClick={onClose}>
              ×
            </ActionIcon>
          </Group>
          {mode === 'keyboard' ? (
            <Group gap={4} wrap="wrap">
              {KEY_ROW.map((k) => (
                <Button
                  key={k.key}
                  size="compact-sm"
                  variant="default"
                  aria-label={k.name}
                  onClick={() => {
                    typed(bridge.pressKeys([k.key]));
                    input.current?.focus();
                  }}
                >
                  {k.label}
                </Button>
              ))}
            </Group>
          ) : null}
          {!supported ? (
            <Text size="xs" c="dimmed">
              This session’s image has not said it accepts typed text; keys may not arrive.
            </Text>
          ) : failed ? (
            <Text size="xs" c="red" role="status">
              The session is not ready for keys yet. Try again in a moment.
            </Text>
          ) : null}
        </Stack>
      </Paper>
    </Affix>
  );
}
