import { Switch } from '@mantine/core';
import { PanelSection } from './panel-section';

export type ToggleWidget = 'audio' | 'microphone' | 'gamepads' | 'ime';

/**
 * These need the session image's cooperation: the switch posts a message into the frame (see
 * session-bridge.ts) and says so, rather than pretending it controls the session by itself.
 */
export const TOGGLE_COPY: Record<ToggleWidget, { title: string; label: string; description: string }> = {
  audio: {
    title: 'Sound',
    label: 'Play the session’s sound',
    description: 'Takes effect only if this session’s image streams sound to the browser.',
  },
  microphone: {
    title: 'Microphone',
    label: 'Let the session use my microphone',
    description:
      'Takes effect only if this session’s image accepts a microphone; your browser asks you first.',
  },
  gamepads: {
    title: 'Gamepads',
    label: 'Pass my gamepads to the session',
    description: 'Not supported: session containers have no virtual input device for a gamepad.',
  },
  ime: {
    title: 'IME input mode',
    label: 'Type through an input method editor',
    description:
      'For languages typed with an IME (Chinese, Japanese, Korean …): shows a box over the session where your input method composes text, which is then typed into the session.',
  },
};

export interface ToggleWidgetProps {
  widget: ToggleWidget;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function ToggleWidgetSection({ widget, checked, onChange }: ToggleWidgetProps) {
  const copy = TOGGLE_COPY[widget];
  return (
    <PanelSection title={copy.title}>
      <Switch
        label={copy.label}
        description={copy.description}
        checked={checked}
        onChange={(event) => onChange(event.currentTarget.checked)}
        size="sm"
      />
    </PanelSection>
  );
}
