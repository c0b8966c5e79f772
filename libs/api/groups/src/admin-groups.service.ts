import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DEFAULT_GROUP_PRIORITY,
  GROUP_SETTING_KEYS,
  type CreateGroupRequest,
  type Group,
  type GroupListQuery,
  type GroupSettings,
  type GroupSettingsInput,
  type Page,
  type UpdateGroupRequest,
} from '@caster/contracts';
import { containsPattern, invalidFields, notFound, pageWindow } from '@caster/api/core';
import { isForeignKeyViolation, isUniqueViolation } from '@caster/api/database';
import { UsersService } from '@caster/api/users';
import { GroupEntity } from './group.entity';
import { groupNameTaken, systemGroupLocked, unknownIds } from './groups.errors';

const NAME_INDEX = 'groups_name_lower_key';
const SORT_COLUMNS = { priority: 'g.priority', name: 'lower(g.name)', createdAt: 'g.created_at' } as const;

const unique = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => id.toLowerCase()))];

/** Drops null (= unset) values; the DTO has already refused unknown keys and bad values. */
function storedSettings(input: GroupSettingsInput): GroupSettings {
  const out: Record<string, unknown> = {};
  for (const key of GROUP_SETTING_KEYS) {
    const value = input[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

/** The administrators' use cases on groups. Every change is one transaction. */
@Injectable()
export class AdminGroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async list(query: GroupListQuery): Promise<Page<Group>> {
    const { skip, take } = pageWindow(query);
    const qb = this.dataSource.getRepository(GroupEntity).createQueryBuilder('g');
    if (query.q) qb.where('g.name ILIKE :q', { q: containsPattern(query.q) });
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    qb.orderBy(SORT_COLUMNS[query.sort ?? 'priority'], direction);
    if (query.sort !== 'name') qb.addOrderBy('lower(g.name)', 'ASC');
    qb.addOrderBy('g.id', 'ASC');
    const [groups, total] = await qb.offset(skip).limit(take).getManyAndCount();
    return { items: await this.describe(this.dataSource.manager, groups), total };
  }

  get(id: string): Promise<Group> {
    return this.describeOne(this.dataSource.manager, id);
  }

  create(input: CreateGroupRequest): Promise<Group> {
    return this.saving(input.name, async (em) => {
      await this.assertNameFree(em, input.name);
      const repo = em.getRepository(GroupEntity);
      const group = await repo.save(
        repo.create({
          name: input.name,
          description: input.description ?? '',
          priority: input.priority ?? DEFAULT_GROUP_PRIORITY,
          system: false,
          settings: storedSettings(input.settings ?? {}),
        }),
      );
      if (input.userIds) await this.replaceMembers(em, group.id, input.userIds);
      if (input.workspaceIds) await this.replaceWorkspaces(em, group.id, input.workspaceIds);
      return this.describeOne(em, group.id);
    });
  }

  /** Partial update. "All Users" keeps its name and implicit membership (SYSTEM_GROUP). */
  update(id: string, input: UpdateGroupRequest): Promise<Group> {
    return this.saving(input.name ?? '', async (em) => {
      const repo = em.getRepository(GroupEntity);
      const group = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!group) throw notFound('Group');
      if (input.name !== undefined && input.name !== group.name) {
        if (group.system) throw systemGroupLocked('it cannot be renamed');
        await this.assertNameFree(em, input.name, id);
      }
      if (group.system && input.userIds?.length) {
        throw invalidFields({ userIds: '"All Users" contains every user; its members cannot be chosen' });
      }
      await repo.update(
        { id },
        {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.priority !== undefined ? { priority: input.priority } : {}),
          ...(input.settings !== undefined ? { settings: storedSettings(input.settings) } : {}),
        },
      );
      if (input.userIds && !group.system) await this.replaceMembers(em, id, input.userIds);
      if (input.workspaceIds) await this.replaceWorkspaces(em, id, input.workspaceIds);
      return this.describeOne(em, id);
    });
  }

  /** Deletes a group with its memberships and grants; "All Users" cannot be deleted (SYSTEM_GROUP). */
  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const group = await em
        .getRepository(GroupEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!group) throw notFound('Group');
      if (group.system) throw systemGroupLocked('it cannot be deleted');
      await em.getRepository(GroupEntity).delete({ id });
    });
  }

  private async replaceMembers(
    em: EntityManager,
    groupId: string,
    userIds: readonly string[],
  ): Promise<void> {
    const ids = unique(userIds);
    const known = new Set(await this.users.existingIds(ids, em));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw unknownIds('userIds', 'user', missing);
    await em.query('DELETE FROM group_members WHERE group_id = $1', [groupId]);
    if (ids.length > 0) {
      await em.query('INSERT INTO group_members (group_id, user_id) SELECT $1::uuid, unnest($2::uuid[])', [
        groupId,
        ids,
      ]);
    }
  }

  /** Workspaces belong to a module that depends on this one, so their foreign key checks the ids. */
  private async replaceWorkspaces(
    em: EntityManager,
    groupId: string,
    workspaceIds: readonly string[],
  ): Promise<void> {
    const ids = unique(workspaceIds);
    await em.query('DELETE FROM group_workspaces WHERE group_id = $1', [groupId]);
    if (ids.length > 0) {
      await em.query(
        'INSERT INTO group_workspaces (group_id, workspace_id) SELECT $1::uuid, unnest($2::uuid[])',
        [groupId, ids],
      );
    }
  }

  private async saving<T>(name: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (e) {
      if (isUniqueViolation(e, NAME_INDEX)) throw groupNameTaken(name);
      if (isForeignKeyViolation(e, 'group_workspaces_workspace_id_fkey'))
        throw unknownIds('workspaceIds', 'workspace');
      if (isForeignKeyViolation(e, 'group_members_user_id_fkey')) throw unknownIds('userIds', 'user');
      throw e;
    }
  }

  private async assertNameFree(em: EntityManager, name: string, exceptId?: string): Promise<void> {
    const qb = em
      .getRepository(GroupEntity)
      .createQueryBuilder('g')
      .where('lower(g.name) = lower(:name)', { name });
    if (exceptId) qb.andWhere('g.id <> :exceptId', { exceptId });
    if (await qb.getExists()) throw groupNameTaken(name);
  }

  private async describeOne(em: EntityManager, id: string): Promise<Group> {
    const group = await em.getRepository(GroupEntity).findOne({ where: { id } });
    if (!group) throw notFound('Group');
    const [described] = await this.describe(em, [group]);
    return described;
  }

  private async describe(em: EntityManager, groups: GroupEntity[]): Promise<Group[]> {
    const ids = groups.map((g) => g.id);
    const members = await em.query<{ group_id: string; user_id: string }[]>(
      'SELECT group_id, user_id FROM group_members WHERE group_id = ANY($1::uuid[]) ORDER BY created_at, user_id',
      [ids],
    );
    const workspaces = await em.query<{ group_id: string; workspace_id: string }[]>(
      'SELECT group_id, workspace_id FROM group_workspaces WHERE group_id = ANY($1::uuid[]) ORDER BY workspace_id',
      [ids],
    );
    const everyone = groups.some((g) => g.system) ? await this.users.count(em) : 0;
    return groups.map((g) => {
      const userIds = members.filter((m) => m.group_id === g.id).map((m) => m.user_id);
      return {
        id: g.id,
        name: g.name,
        description: g.description,
        priority: g.priority,
        system: g.system,
        settings: g.settings,
        workspaceIds: workspaces.filter((w) => w.group_id === g.id).map((w) => w.workspace_id),
        userIds,
        userCount: g.system ? everyone : userIds.length,
        createdAt: g.createdAt.toISOString(),
        updatedAt: g.updatedAt.toISOString(),
      };
    });
  }
}
