import { type ChangePasswordRequest, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@caster/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../api/api-fetch';

export function changePassword(request: ChangePasswordRequest): Promise<void> {
  // A wrong current password is 403 CURRENT_PASSWORD_INCORRECT, never a reason to sign out.
  return apiFetch<void>('/api/auth/password', { method: 'POST', body: request });
}

/** The API revokes the account's other sign-ins; this one stays, so the cached user is still right. */
export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}

export interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * The server's rules for a new password (ChangePasswordDto and AuthService.changePassword), checked
 * before sending, in words for the person typing. Field → problem; empty when all is well.
 */
export function changePasswordProblems(
  values: ChangePasswordValues,
): Partial<Record<keyof ChangePasswordValues, string>> {
  const problems: Partial<Record<keyof ChangePasswordValues, string>> = {};
  if (values.currentPassword === '') problems.currentPassword = 'Enter your current password.';
  if (values.newPassword.length < PASSWORD_MIN_LENGTH)
    problems.newPassword = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  else if (values.newPassword.length > PASSWORD_MAX_LENGTH)
    problems.newPassword = `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  else if (values.newPassword === values.currentPassword)
    problems.newPassword = 'Choose a password different from the current one.';
  if (!problems.newPassword && values.confirmPassword !== values.newPassword)
    problems.confirmPassword = 'This does not match the new password.';
  return problems;
}
