import { ConfirmModal } from '../confirm-modal';
import { Button, Tooltip, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';

export interface DeleteButtonProps {
  /** What is deleted, e.g. "group Engineers"; names the button for screen readers and tests. */
  subject: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  /** Set when deleting is not possible; the button is disabled and explains why. */
  disabledReason?: string;
  size?: 'xs' | 'sm';
  variant?: 'subtle' | 'light' | 'outline';
}

/** A red "Delete" that asks first (ConfirmModal); a refusal (e.g. SYSTEM_GROUP) shows in the modal. */
export function DeleteButton({
  subject,
  title,
  message,
  confirmLabel,
  onConfirm,
  disabledReason,
  size = 'xs',
  variant = 'subtle',
}: DeleteButtonProps) {
  const [opened, setOpened] = useState(false);
  const reasonId = useId();
  if (disabledReason !== undefined) {
    // Disabled in looks and behaviour but still focusable, so the tooltip and the reason reach
    // keyboard and screen-reader users (a `disabled` button gets neither focus nor hover).
    return (
      <>
        <Tooltip label={disabledReason} multiline w={260}>
          <Button
            variant={variant}
            color="red"
            size={size}
            aria-label={`Delete ${subject}`}
            aria-disabled="true"
            aria-describedby={reasonId}
            data-disabled
            onClick={(event) => event.preventDefault()}
          >
            Delete
          </Button>
        </Tooltip>
        <VisuallyHidden id={reasonId}>{disabledReason}</VisuallyHidden>
      </>
    );
  }
  return (
    <>
      <Button
        variant={variant}
        color="red"
        size={size}
        aria-label={`Delete ${subject}`}
        onClick={() => setOpened(true)}
      >
        Delete
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={() => setOpened(false)}
        title={title}
        message={message}
        confirmLabel={confirmLabel}
        danger
        onConfirm={onConfirm}
      />
    </>
  );
}
