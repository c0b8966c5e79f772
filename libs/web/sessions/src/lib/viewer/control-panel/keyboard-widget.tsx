import { Button, Text } from '@mantine/core';
import { PanelSection } from './panel-section';

export interface KeyboardWidgetProps {
  open: boolean;
  onOpen: (open: boolean) => void;
}

/** Opens the on-screen keyboard: a typing box and a row of keys over the session. */
export function KeyboardWidget({ open, onOpen }: KeyboardWidgetProps) {
  return (
    <PanelSection title="On-screen keyboard">
      <Text size="xs" c="dimmed">
        A box whose text is typed into the session, with Esc, Tab, arrows, Backspace and Enter. On a phone or
        tablet it brings up your device’s keyboard.
      </Text>
      <Button size="xs" variant="default" onClick={() => onOpen(!open)}>
        {open ? 'Hide the on-screen keyboard' : 'Show the on-screen keyboard'}
      </Button>
    </PanelSection>
  );
}
