import { ApiError, errorMessages } from '@caster/web/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderUi } from '@caster/web/test-utils';
import { ConfirmButton } from './confirm-button';

describe('ConfirmButton', () => {
  it('asks first and runs the action only once confirmed', async () => {
    const onConfirm = vi.fn().mockResolvedValue(undefined);
    renderUi(
      <ConfirmButton danger message="The session will be stopped." onConfirm={onConfirm}>
        Stop session
      </ConfirmButton>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Stop session' }));
    expect(await screen.findByText('The session will be stopped.')).toBeTruthy();
    expect(onConfirm).not.toHaveBeenCalled();

    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop session' }));
    await waitFor(() => expect(onConfirm).toHaveBeenCalledOnce());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('keeps the modal open and explains a failure', async () => {
    const onConfirm = vi
      .fn()
      .mockRejectedValue(new ApiError({ status: 409, code: 'USER_HAS_SESSIONS', message: '' }));
    renderUi(
      <ConfirmButton message="Delete this user?" onConfirm={onConfirm}>
        Delete
      </ConfirmButton>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('alert')).textContent).toBe(errorMessages.USER_HAS_SESSIONS);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
