import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { MAX_PAGE_SIZE, type AdminUser, type ApiKeyPermission, type KasmUser } from '@caster/contracts';
import { AppError, invalidFields, notFound } from '@caster/api/core';
import { TokensService } from '@caster/api/auth';
import { GroupsService } from '@caster/api/groups';
import { AdminUsersService, UsersService } from '@caster/api/users';
import type { TargetUserDto } from './dto/users.dto';
import { kasmTime } from './kasm-format';
import { fromKasmId, toKasmId } from './kasm-ids';
import { UserProfileEntity } from './user-profile.entity';

const PROFILE_FIELDS = ['first_name', 'last_name', 'phone', 'organization', 'notes'] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];
const COLUMN: Record<ProfileField, keyof Omit<UserProfileEntity, 'userId' | 'updatedAt'>> = {
  first_name: 'firstName',
  last_name: 'lastName',
  phone: 'phone',
  organization: 'organization',
  notes: 'notes',
};

/** The Developer API's user calls, on top of the administrators' use cases (AdminUsersService). */
@Injectable()
export class KasmUsersService {
  constructor(
    private readonly admin: AdminUsersService,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly tokens: TokensService,
    @InjectRepository(UserProfileEntity) private readonly profiles: Repository<UserProfileEntity>,
  ) {}

  /** The user `target_user` names by user_id, else by username; 404 when nobody. */
  async find(target: Pick<TargetUserDto, 'user_id' | 'username'>): Promise<AdminUser> {
    if (target.user_id !== undefined) {
      const id = fromKasmId(target.user_id);
      if (!id) throw notFound('User');
      return this.admin.get(id);
    }
    if (target.username !== undefined) {
      const user = await this.users.findForSignIn(target.username);
      if (!user) throw notFound('User');
      return this.admin.get(user.id);
    }
    throw invalidFields({ target_user: 'needs user_id or username' });
  }

  async get(target: TargetUserDto): Promise<KasmUser> {
    return this.present(await this.find(target));
  }

  /** Every user, anonymous visitors included, by username. */
  async list(): Promise<KasmUser[]> {
    const all: AdminUser[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await this.admin.list({ page, pageSize: MAX_PAGE_SIZE });
      all.push(...items);
      if (items.length === 0 || all.length >= total) break;
    }
    const profiles = await this.profilesOf(all.map((u) => u.id));
    return Promise.all(all.map((u) => this.present(u, profiles.get(u.id) ?? null)));
  }

  /** A new (non-admin) user. Without a password it cannot sign in with one (an integrator's user). */
  async create(target: TargetUserDto): Promise<KasmUser> {
    if (target.username === undefined) throw invalidFields({ 'target_user.username': 'required' });
    const created = await this.admin.create({
      username: target.username,
      password: target.password ?? randomBytes(24).toString('base64url'),
      role: 'user',
      disabled: target.disabled ?? false,
      locked: target.locked ?? false,
    });
    await this.saveProfile(created.id, target);
    return this.present(created);
  }

  async update(target: TargetUserDto, held: readonly ApiKeyPermission[]): Promise<KasmUser> {
    if (target.user_id === undefined) throw invalidFields({ 'target_user.user_id': 'required' });
    const current = await this.find({ user_id: target.user_id });
    this.assertMayManage(current, held);
    const updated = await this.admin.update(current.id, {
      ...(target.username !== undefined && target.username !== current.username
        ? { username: target.username }
        : {}),
      ...(target.password !== undefined ? { password: target.password } : {}),
      ...(target.disabled !== undefined ? { disabled: target.disabled } : {}),
      ...(target.locked !== undefined ? { locked: target.locked } : {}),
    });
    await this.saveProfile(updated.id, target);
    return this.present(updated);
  }

  async delete(target: TargetUserDto, force: boolean, held: readonly ApiKeyPermission[]): Promise<void> {
    const user = await this.find(target);
    this.assertMayManage(user, held);
    await this.admin.delete(user.id, force);
  }

  /** Signs the user out everywhere (their sign-in tokens; running sessions go on). */
  async logout(target: TargetUserDto, held: readonly ApiKeyPermission[]): Promise<void> {
    const user = await this.find(target);
    this.assertMayManage(user, held);
    await this.tokens.revokeAllFor(user.id);
  }

  async addToGroup(target: TargetUserDto, kasmGroupId: string): Promise<void> {
    const user = await this.find(target);
    const groupId = await this.group(kasmGroupId);
    await this.groups.addMember(groupId, user.id);
  }

  async removeFromGroup(target: TargetUserDto, kasmGroupId: string): Promise<void> {
    const user = await this.find(target);
    const groupId = await this.group(kasmGroupId);
    if (groupId === (await this.groups.systemGroupId()))
      throw new AppError('SYSTEM_GROUP', '"All Users" holds every user: nobody can be removed from it');
    await this.groups.removeMember(groupId, user.id);
  }

  private async group(kasmGroupId: string): Promise<string> {
    const id = fromKasmId(kasmGroupId);
    if (!id || !(await this.groups.exists(id))) throw notFound('Group');
    return id;
  }

  /**
   * An API key can change, delete or sign out an administrator only with global_admin: with
   * users_modify alone it could set an administrator's password and so become one.
   */
  private assertMayManage(user: AdminUser, held: readonly ApiKeyPermission[]): void {
    if (user.role === 'admin' && !held.includes('global_admin'))
      throw new AppError('FORBIDDEN', 'Changing an administrator needs the global_admin permission');
  }

  private async saveProfile(userId: string, target: TargetUserDto): Promise<void> {
    const sent = PROFILE_FIELDS.filter((f) => target[f] !== undefined);
    if (sent.length === 0) return;
    const current = await this.profiles.findOne({ where: { userId } });
    const next =
      current ??
      this.profiles.create({
        userId,
        firstName: null,
        lastName: null,
        phone: null,
        organization: null,
        notes: null,
      });
    for (const field of sent) next[COLUMN[field]] = target[field] ?? null;
    await this.profiles.save(next);
  }

  private async profilesOf(userIds: string[]): Promise<Map<string, UserProfileEntity>> {
    const rows = userIds.length ? await this.profiles.find({ where: { userId: In(userIds) } }) : [];
    return new Map(rows.map((r) => [r.userId, r]));
  }

  private async present(user: AdminUser, known?: UserProfileEntity | null): Promise<KasmUser> {
    const profile = known !== undefined ? known : await this.profiles.findOne({ where: { userId: user.id } });
    const groups = await this.groups.groupsOf(user.id);
    return {
      user_id: toKasmId(user.id),
      username: user.username,
      first_name: profile?.firstName ?? null,
      last_name: profile?.lastName ?? null,
      phone: profile?.phone ?? null,
      organization: profile?.organization ?? null,
      notes: profile?.notes ?? null,
      realm: 'local',
      locked: user.locked,
      disabled: user.disabled,
      anonymous: user.anonymous,
      last_session: user.lastLoginAt ? kasmTime(new Date(user.lastLoginAt)) : null,
      created: kasmTime(new Date(user.createdAt)),
      groups: groups.map((g) => ({ name: g.name, group_id: toKasmId(g.id) })),
    };
  }
}
