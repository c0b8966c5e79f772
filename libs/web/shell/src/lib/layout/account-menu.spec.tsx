import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, mockFetch } from '@caster/web/test-utils';
import { admin, renderApp } from '../../test/render-app';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

async function openChangePassword() {
  fireEvent.click(await screen.findByRole('button', { name: /^Account:/ }));
  fireEvent.click(await screen.findByRole('menuitem', { name: 'Change password' }));
  return screen.findByRole('dialog', { name: 'Change your password' });
}

const type = (dialog: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });

describe('account menu: change password', () => {
  it("checks the server's rules before sending, in words, with the cursor on the first problem", async () => {
    const fetchMock = mockFetch({});
    renderApp('/admin', { me: admin });
    const dialog = await openChangePassword();
    type(dialog, 'New password', 'short');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(await within(dialog).findByText('Enter your current password.')).toBeTruthy();
    expect(within(dialog).getByText('Use at least 8 characters.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Current password'));
    expect(callsTo(fetchMock, 'POST /api/auth/password')).toHaveLength(0);
  });

  it('sends the current and the new password, and closes once changed', async () => {
    const fetchMock = mockFetch({ 'POST /api/auth/password': () => new Response(null, { status: 204 }) });
    renderApp('/admin', { me: admin });
    const dialog = await openChangePassword();
    type(dialog, 'Current password', 'old-password');
    type(dialog, 'New password', 'new-password-1');
    type(dialog, 'Repeat the new password', 'new-password-1');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST /api/auth/password')).toHaveLength(1));
    // The form is emptied and the dialog closes (Mantine keeps it a moment for its transition).
    await waitFor(() => expect(screen.queryByTestId('change-password-form')).toBeNull(), { timeout: 5000 });
    expect(callsTo(fetchMock, 'POST /api/auth/password').map((c) => c.body)).toEqual([
      { currentPassword: 'old-password', newPassword: 'new-password-1' },
    ]);
  });

  it('puts a wrong current password on its field and stays signed in', async () => {
    mockFetch({ 'POST /api/auth/password': () => apiError(403, 'CURRENT_PASSWORD_INCORRECT') });
    const { router } = renderApp('/admin', { me: admin });
    const dialog = await openChangePassword();
    type(dialog, 'Current password', 'not-it');
    type(dialog, 'New password', 'new-password-1');
    type(dialog, 'Repeat the new password', 'new-password-1');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change password' }));
    expect(await within(dialog).findByText('This is not your current password.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/admin');
  });
});

describe('theme toggle', () => {
  it('switches light and dark and remembers the choice', async () => {
    mockFetch({});
    renderApp('/admin', { me: admin });
    const toggle = await screen.findByTestId('theme-toggle');
    const before = toggle.getAttribute('aria-label');
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(screen.getByTestId('theme-toggle').getAttribute('aria-label')).not.toBe(before),
    );
    expect(localStorage.getItem('mantine-color-scheme-value')).toMatch(/^(dark|light)$/);
  });
});
