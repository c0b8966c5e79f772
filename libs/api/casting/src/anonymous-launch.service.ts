import { Injectable } from '@nestjs/common';
import { GroupsService } from '@caster/api/groups';
import { SessionLaunchService, type LaunchOptions, type Launched } from '@caster/api/sessions';
import type { UserEntity } from '@caster/api/users';
import { UsersService } from '@caster/api/users';

export type AnonymousLaunchOptions = Omit<
  LaunchOptions,
  'userId' | 'username' | 'anonymous' | 'freshUser'
> & {
  /** The group the new account joins first (a casting link's Anonymous Group). */
  groupId?: string | null;
};

/**
 * A launch for a visitor nobody knows: a new anonymous account made for this launch alone, then
 * the session. When the launch is refused the account is removed again, so a refusal leaves no
 * user behind; a provisioning failure later is the caller's `onFailure` (or a failed-launch port).
 * Used by casting links and by the Kasm API's request_kasm without user_id.
 */
@Injectable()
export class AnonymousLaunch {
  constructor(
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly launcher: SessionLaunchService,
  ) {}

  async launch(options: AnonymousLaunchOptions): Promise<Launched & { user: UserEntity }> {
    const { groupId, ...launch } = options;
    const user = await this.users.createAnonymous();
    try {
      if (groupId) await this.groups.addMember(groupId, user.id);
      const launched = await this.launcher.launch({
        ...launch,
        userId: user.id,
        username: user.username,
        anonymous: true,
        freshUser: true,
      });
      return { ...launched, user };
    } catch (e) {
      await this.drop(user.id);
      throw e;
    }
  }

  /** Removes an account made by `launch` (never a real user: only anonymous rows match). */
  async drop(userId: string): Promise<void> {
    await this.users.deleteAnonymous(userId).catch(() => undefined);
  }
}
