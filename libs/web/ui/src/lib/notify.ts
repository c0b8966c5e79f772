import { notifications } from '@mantine/notifications';

/** A short confirmation after a save or delete; errors stay on the page, never in a toast. */
export function notifySaved(message: string): void {
  notifications.show({ message, color: 'green', autoClose: 4000 });
}
