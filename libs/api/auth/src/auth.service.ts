import { Injectable } from '@nestjs/common';
import type { GroupRef, LoginResponse, Me } from '@caster/contracts';
import { AppError, verifyPassword, type Principal } from '@caster/api/core';
import { UsersService, type UserEntity } from '@caster/api/users';
import { TokensService } from './tokens.service';

/** Lets other modules (groups) say which groups a user is in, without auth depending on them. */
export abstract class GroupMembershipLookup {
  abstract groupsOf(userId: string): Promise<GroupRef[]>;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse & { tokenValue: string }> {
    const user = await this.users.findForSignIn(username);
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || user.anonymous)
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
    if (user.disabled) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled');
    if (user.locked) throw new AppError('ACCOUNT_LOCKED', 'This account is locked');
    const issued = await this.tokens.issue(user.id);
    await this.users.touchLogin(user.id);
    return {
      token: issued.token,
      tokenValue: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
      user: await this.describe(user),
    };
  }

  async me(userId: string): Promise<Me> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('AUTH_REQUIRED', 'Sign in first');
    return this.describe(user);
  }

  /**
   * The signed-in user's own password change: the current password proves it is them (a stolen
   * cookie alone cannot change it), the new one is hashed, and every other sign-in of the account
   * is revoked — whoever else held a token loses it, this browser stays signed in.
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findForSignIn(principal.username);
    if (!user || user.id !== principal.userId || user.anonymous)
      throw new AppError('FORBIDDEN', 'Only a signed-in account can change its password');
    if (!(await verifyPassword(user.passwordHash, currentPassword)))
      throw new AppError('CURRENT_PASSWORD_INCORRECT', 'The current password is not correct', {
        fields: { currentPassword: 'is not your current password' },
      });
    if (newPassword === currentPassword)
      throw new AppError('VALIDATION_FAILED', 'The new password is the current one', {
        fields: { newPassword: 'must differ from the current password' },
      });
    // Other sign-ins go first: a failure in between leaves the old password with fewer sessions,
    // never a new password beside the old tokens (someone else's among them).
    await this.tokens.revokeAllExcept(user.id, principal.tokenId);
    await this.users.setPassword(user.id, newPassword);
  }

  private groupLookup?: GroupMembershipLookup;

  /** Called by the groups module at start-up. */
  useGroupLookup(lookup: GroupMembershipLookup): void {
    this.groupLookup = lookup;
  }

  private async describe(user: UserEntity): Promise<Me> {
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      anonymous: user.anonymous,
      groups: this.groupLookup ? await this.groupLookup.groupsOf(user.id) : [],
    };
  }
}
