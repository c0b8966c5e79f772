import { Button, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode } from 'react';
import { ConfirmModal } from './confirm-modal';

export interface ConfirmButtonProps extends Omit<ButtonProps, 'onClick'> {
  children: ReactNode;
  /** Modal title; defaults to the button's own text when that is a string. */
  title?: string;
  message: ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => unknown;
}

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  danger = false,
  onConfirm,
  ...buttonProps
}: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button color={danger ? 'red' : undefined} {...buttonProps} onClick={open}>
        {children}
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={close}
        title={title ?? (typeof children === 'string' ? `${children}?` : 'Are you sure?')}
        message={message}
        confirmLabel={confirmLabel ?? (typeof children === 'string' ? children : undefined)}
        danger={danger}
        onConfirm={onConfirm}
      />
    </>
  );
}
