import { type SessionView } from '@caster/contracts';
import { Affix, Button, Switch, Text } from '@mantine/core';
import { useEffect, useSyncExternalStore } from 'react';
import { type AudioState, type SessionBridge } from '../session-bridge';
import { PanelSection } from './panel-section';

/**
 * Sound and microphone. The session's page plays and records (desktop/caster-audio.js, on the
 * session's own origin); the switches here only tell it what the visitor wants, through the bridge.
 * Caster's proxy refuses the streams themselves when the session's client settings do not allow
 * them, so these widgets are shown only when they can work (panel-widgets.ts).
 */
export type MediaWidget = 'audio' | 'microphone';

const COPY: Record<MediaWidget, { title: string; label: string; description: string }> = {
  audio: {
    title: 'Sound',
    label: 'Play the session’s sound',
    description:
      'Takes effect only if this session’s image streams sound to the browser (Caster’s desktop and browser images do).',
  },
  microphone: {
    title: 'Microphone',
    label: 'Let the session use my microphone',
    description:
      'Takes effect only if this session’s image accepts a microphone; your browser asks you first. Only you, not viewers of a share link, can speak into the session.',
  },
};

/** What the session's page last said about its sound, per bridge (one listener per bridge). */
const states = new WeakMap<SessionBridge, { state: AudioState | null; listeners: Set<() => void> }>();

function entry(bridge: SessionBridge) {
  let e = states.get(bridge);
  if (!e) {
    e = { state: null, listeners: new Set() };
    states.set(bridge, e);
  }
  return e;
}

/** The session page's sound state (`null` until it says anything), from its bridge messages. */
export function useAudioState(bridge: SessionBridge): AudioState | null {
  const e = entry(bridge);
  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      const message = bridge.receive(event);
      if (message?.type !== 'audio' || message.state === e.state) return;
      e.state = message.state;
      for (const l of e.listeners) l();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [bridge, e]);
  return useSyncExternalStore(
    (listener) => {
      e.listeners.add(listener);
      return () => e.listeners.delete(listener);
    },
    () => e.state,
  );
}

export interface MediaWidgetProps {
  widget: MediaWidget;
  bridge: SessionBridge;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** The panel's Sound or Microphone section. */
export function MediaWidgetSection({ widget, bridge, checked, onChange }: MediaWidgetProps) {
  const copy = COPY[widget];
  const state = useAudioState(bridge);
  return (
    <PanelSection title={copy.title}>
      <Switch
        label={copy.label}
        description={copy.description}
        checked={checked}
        onChange={(event) => onChange(event.currentTarget.checked)}
        size="sm"
      />
      {widget === 'audio' && checked && state === 'blocked' ? (
        <Text size="xs" c="orange" role="status">
          Your browser holds the sound back until you click inside the session or press Unmute.
        </Text>
      ) : null}
    </PanelSection>
  );
}

export interface UnmuteButtonProps {
  session: Pick<SessionView, 'clientSettings'>;
  bridge: SessionBridge;
  soundOn: boolean;
  onToggle: (widget: 'audio', checked: boolean) => void;
}

/**
 * Always in view while the sound is allowed but not playing: the session starts muted when
 * `audioDefaultOn` is off, and a browser may hold sound back until a click (autoplay policy). The
 * click here is that user gesture: it turns the sound on and asks the page to resume.
 */
export function UnmuteButton({ session, bridge, soundOn, onToggle }: UnmuteButtonProps) {
  const state = useAudioState(bridge);
  if (!session.clientSettings.allowAudio) return null;
  if (soundOn && state !== 'blocked') return null;
  return (
    <Affix position={{ top: 8, right: 104 }} zIndex={150}>
      <Button
        size="compact-sm"
        variant="filled"
        color="orange"
        opacity={0.9}
        onClick={() => {
          onToggle('audio', true);
          // Already on but held back: ask again, now with a gesture behind it.
          if (soundOn) bridge.post({ type: 'audio', enabled: true });
        }}
      >
        Unmute
      </Button>
    </Affix>
  );
}
