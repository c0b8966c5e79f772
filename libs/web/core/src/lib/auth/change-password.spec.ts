import { PASSWORD_MIN_LENGTH } from '@caster/contracts';
import { describe, expect, it } from 'vitest';
import { changePasswordProblems } from './change-password';

const ok = {
  currentPassword: 'old-password',
  newPassword: 'new-password-1',
  confirmPassword: 'new-password-1',
};

describe('changePasswordProblems', () => {
  it('accepts a good change', () => {
    expect(changePasswordProblems(ok)).toEqual({});
  });

  it('asks for the current password', () => {
    expect(changePasswordProblems({ ...ok, currentPassword: '' })).toEqual({
      currentPassword: 'Enter your current password.',
    });
  });

  it("follows the server's length rule, in words", () => {
    const short = 'x'.repeat(PASSWORD_MIN_LENGTH - 1);
    expect(changePasswordProblems({ ...ok, newPassword: short, confirmPassword: short })).toEqual({
      newPassword: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    });
    const exact = 'x'.repeat(PASSWORD_MIN_LENGTH);
    expect(changePasswordProblems({ ...ok, newPassword: exact, confirmPassword: exact })).toEqual({});
  });

  it('refuses the current password as the new one, and a confirmation that differs', () => {
    expect(
      changePasswordProblems({ ...ok, newPassword: ok.currentPassword, confirmPassword: ok.currentPassword }),
    ).toEqual({ newPassword: 'Choose a password different from the current one.' });
    expect(changePasswordProblems({ ...ok, confirmPassword: 'new-password-2' })).toEqual({
      confirmPassword: 'This does not match the new password.',
    });
  });
});
