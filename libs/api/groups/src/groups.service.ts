import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { EffectiveSettings, GroupRef } from '@caster/contracts';
import { GroupMembershipLookup } from '@caster/api/auth';
import { notFound } from '@caster/api/core';
import { UserGroupsPort, UsersService } from '@caster/api/users';
import { compareGroupPrecedence, resolveEffectiveSettings, type SettingsSource } from './effective-settings';
import { GroupEntity } from './group.entity';
import { unknownIds } from './groups.errors';

const unique = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => id.toLowerCase()))];

/** Appends `value` to the list at `key`. */
function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * What other modules ask about groups: who is in which group (the system group "All Users"
 * implicitly holding everyone), which workspaces a user may launch, a user's effective settings.
 * Methods that take an EntityManager run inside the caller's transaction.
 */
@Injectable()
export class GroupsService implements GroupMembershipLookup, UserGroupsPort {
  private systemId?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  /** The id of "All Users" (made by a migration, never deleted, so it is cached). */
  async systemGroupId(em: EntityManager = this.dataSource.manager): Promise<string> {
    if (!this.systemId) {
      const group = await em
        .getRepository(GroupEntity)
        .findOne({ where: { system: true }, select: { id: true } });
      if (!group) throw new Error('The system group "All Users" is missing: have the migrations run?');
      this.systemId = group.id;
    }
    return this.systemId;
  }

  /** The user's groups, "All Users" included, strongest first (for /api/auth/me). */
  async groupsOf(userId: string): Promise<GroupRef[]> {
    const groups = await this.sourcesOf(this.dataSource.manager, userId);
    return groups.sort(compareGroupPrecedence).map(({ id, name }) => ({ id, name }));
  }

  async groupIdsOfUsers(
    userIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (userIds.length === 0) return result;
    const systemId = await this.systemGroupId(em);
    const rows = await em.query<{ user_id: string; group_id: string }[]>(
      `SELECT m.user_id, m.group_id FROM group_members m JOIN groups g ON g.id = m.group_id
       WHERE m.user_id = ANY($1::uuid[]) ORDER BY g.priority, lower(g.name), g.id`,
      [unique(userIds)],
    );
    for (const id of userIds) result.set(id, []);
    for (const row of rows) push(result, row.user_id, row.group_id);
    for (const list of result.values()) list.push(systemId);
    return result;
  }

  async replaceGroupsOfUser(em: EntityManager, userId: string, groupIds: readonly string[]): Promise<void> {
    const systemId = await this.systemGroupId(em);
    const ids = unique(groupIds).filter((id) => id !== systemId);
    await this.assertGroupsExist(em, ids, 'groupIds');
    await em.query('DELETE FROM group_members WHERE user_id = $1', [userId]);
    if (ids.length > 0) {
      await em.query('INSERT INTO group_members (group_id, user_id) SELECT unnest($1::uuid[]), $2::uuid', [
        ids,
        userId,
      ]);
    }
  }

  /** Adds a user to a group (casting's anonymous group, the Developer API). Idempotent. */
  async addMember(
    groupId: string,
    userId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (groupId === (await this.systemGroupId(em))) return;
    await this.assertGroupsExist(em, [groupId], 'groupId');
    if ((await this.users.existingIds([userId], em)).length === 0)
      throw unknownIds('userId', 'user', [userId]);
    await em.query('INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      groupId,
      userId,
    ]);
  }

  /** Whether a group with this id exists (the system group included). */
  async exists(id: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await em.query<unknown[]>('SELECT 1 FROM groups WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async removeMember(
    groupId: string,
    userId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await em.query('DELETE FROM group_members WHERE group_id = $1 AND user_id = $2', [groupId, userId]);
  }

  /** The user's effective group settings and where each value came from; NOT_FOUND for an unknown user. */
  async effectiveSettingsOf(
    userId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<EffectiveSettings> {
    if ((await this.users.existingIds([userId], em)).length === 0) throw notFound('User');
    return resolveEffectiveSettings(await this.sourcesOf(em, userId));
  }

  /** Which groups may launch each workspace (from the dashboard). */
  async groupIdsOfWorkspaces(
    workspaceIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(workspaceIds.map((id) => [id, []]));
    if (workspaceIds.length === 0) return result;
    const rows = await em.query<{ workspace_id: string; group_id: string }[]>(
      `SELECT w.workspace_id, w.group_id FROM group_workspaces w JOIN groups g ON g.id = w.group_id
       WHERE w.workspace_id = ANY($1::uuid[]) ORDER BY g.priority, lower(g.name), g.id`,
      [unique(workspaceIds)],
    );
    for (const row of rows) push(result, row.workspace_id, row.group_id);
    return result;
  }

  /** Replaces the groups that may launch a workspace; unknown group ids → VALIDATION_FAILED on `groupIds`. */
  async replaceWorkspaceGroups(
    em: EntityManager,
    workspaceId: string,
    groupIds: readonly string[],
  ): Promise<void> {
    const ids = unique(groupIds);
    await this.assertGroupsExist(em, ids, 'groupIds');
    await em.query('DELETE FROM group_workspaces WHERE workspace_id = $1', [workspaceId]);
    if (ids.length > 0) {
      await em.query(
        'INSERT INTO group_workspaces (group_id, workspace_id) SELECT unnest($1::uuid[]), $2::uuid',
        [ids, workspaceId],
      );
    }
  }

  /** Ids of the workspaces any of the user's groups (All Users included) may launch. */
  async launchableWorkspaceIds(
    userId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows = await em.query<{ workspace_id: string }[]>(
      `SELECT DISTINCT w.workspace_id FROM group_workspaces w JOIN groups g ON g.id = w.group_id
       WHERE g.system OR g.id IN (SELECT group_id FROM group_members WHERE user_id = $1)`,
      [userId],
    );
    return rows.map((r) => r.workspace_id);
  }

  async mayLaunch(userId: string, workspaceId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM group_workspaces w JOIN groups g ON g.id = w.group_id
       WHERE w.workspace_id = $2
         AND (g.system OR g.id IN (SELECT group_id FROM group_members WHERE user_id = $1))
       LIMIT 1`,
      [userId, workspaceId],
    );
    return rows.length > 0;
  }

  private async sourcesOf(em: EntityManager, userId: string): Promise<SettingsSource[]> {
    return em
      .getRepository(GroupEntity)
      .createQueryBuilder('g')
      .select(['g.id', 'g.name', 'g.priority', 'g.system', 'g.settings'])
      .where('g.system = true')
      .orWhere('g.id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = :userId)', { userId })
      .getMany();
  }

  private async assertGroupsExist(em: EntityManager, ids: readonly string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const found = await em.query<{ id: string }[]>('SELECT id FROM groups WHERE id = ANY($1::uuid[])', [ids]);
    const known = new Set(found.map((r) => r.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw unknownIds(field, 'group', missing);
  }
}
