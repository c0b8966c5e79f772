import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';

const SEEN_PREFIX = 'caster:tips-seen:';

/** Tips show once per session in this browser; storage may be off (private mode), so never throw. */
export function tipsSeen(sessionId: string): boolean {
  try {
    return window.localStorage.getItem(SEEN_PREFIX + sessionId) === '1';
  } catch {
    return false;
  }
}

export function markTipsSeen(sessionId: string): void {
  try {
    window.localStorage.setItem(SEEN_PREFIX + sessionId, '1');
  } catch {
    // Nothing to do: the tips will show again next time.
  }
}

export interface TipsDialogProps {
  opened: boolean;
  onClose: () => void;
  /** Whether the control panel exists for this session; the tips only mention what is there. */
  controlPanel: boolean;
}

export function TipsDialog({ opened, onClose, controlPanel }: TipsDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Before you start" centered>
      <Stack gap="md">
        <List spacing="xs" size="sm">
          <List.Item>
            Your session runs in this browser tab. Everything inside it is on a remote machine.
          </List.Item>
          {controlPanel ? (
            <List.Item>
              The <strong>Controls</strong> button at the top right opens the control panel: moving files in
              and out, the clipboard, sharing, and whatever else this session allows.
            </List.Item>
          ) : null}
          <List.Item>
            {controlPanel ? (
              <>
                To leave, choose <strong>Stop session</strong> in the control panel; this ends the session and
                deletes what is inside it.
              </>
            ) : (
              <>To leave, close this tab.</>
            )}{' '}
            If you just close the tab, the session is ended for you a little while later.
          </List.Item>
          <List.Item>
            A few minutes before the session ends, a countdown appears at the top of the page.
          </List.Item>
        </List>
        <Text size="xs" c="dimmed">
          These tips appear once for each session.
        </Text>
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus>
            Got it
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
