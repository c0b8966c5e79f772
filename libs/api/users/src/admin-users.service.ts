import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AdminUser, CreateUserRequest, Page, UpdateUserRequest, UserListQuery } from '@caster/contracts';
import { containsPattern, hashPassword, notFound, pageWindow } from '@caster/api/core';
import { isUniqueViolation } from '@caster/api/database';
import { UserEntity } from './user.entity';
import { UserGroupsPort, UserSessionsPort, UserTokensPort } from './user-ports';
import { lastAdmin, userHasSessions, usernameTaken } from './users.errors';
import { normalizeUsername } from './username';

/** Serialises changes that could leave no active administrator (one lock, so no deadlocks). */
const ADMIN_SET_LOCK_KEY = 7_263_002;
const USERNAME_INDEX = 'users_username_lower_key';

type AdminState = Pick<UserEntity, 'role' | 'anonymous' | 'disabled' | 'locked'>;
const isActiveAdmin = (u: AdminState): boolean =>
  u.role === 'admin' && !u.anonymous && !u.disabled && !u.locked;

const SORT_COLUMNS = {
  username: 'lower(u.username)',
  createdAt: 'u.created_at',
  lastLoginAt: 'u.last_login_at',
} as const;

/** The administrators' use cases on accounts: list, read, create, change, delete. */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly groups: UserGroupsPort,
    private readonly tokens: UserTokensPort,
    private readonly sessions: UserSessionsPort,
  ) {}

  async list(query: UserListQuery): Promise<Page<AdminUser>> {
    const { skip, take } = pageWindow(query);
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    if (query.q) qb.andWhere('u.username ILIKE :q', { q: containsPattern(query.q) });
    if (query.anonymous !== undefined)
      qb.andWhere('u.anonymous = :anonymous', { anonymous: query.anonymous });
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    const nulls = query.sort === 'lastLoginAt' ? 'NULLS LAST' : undefined;
    qb.orderBy(SORT_COLUMNS[query.sort ?? 'username'], direction, nulls).addOrderBy('u.id', 'ASC');
    const [users, total] = await qb.offset(skip).limit(take).getManyAndCount();
    return { items: await this.describe(this.dataSource.manager, users), total };
  }

  async get(id: string): Promise<AdminUser> {
    return this.describeOne(this.dataSource.manager, id);
  }

  async create(input: CreateUserRequest): Promise<AdminUser> {
    const passwordHash = await hashPassword(input.password);
    return this.saving(input.username, (em) => this.insert(em, input, passwordHash));
  }

  /**
   * Partial update. A new password, disabling or locking signs the user out everywhere; disabling
   * or locking also stops the user's sessions.
   */
  async update(id: string, input: UpdateUserRequest): Promise<AdminUser> {
    const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
    let signOut = false;
    let shutOut = false;
    const user = await this.saving(input.username ?? '', async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_SET_LOCK_KEY]);
      const repo = em.getRepository(UserEntity);
      const current = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('User');
      if (input.username !== undefined && input.username !== current.username) {
        await this.assertUsernameFree(em, input.username, id);
      }
      const next: AdminState = {
        role: input.role ?? current.role,
        anonymous: current.anonymous,
        disabled: input.disabled ?? current.disabled,
        locked: input.locked ?? current.locked,
      };
      if (isActiveAdmin(current) && !isActiveAdmin(next)) await this.assertAnotherActiveAdmin(em, id);
      shutOut = (next.disabled && !current.disabled) || (next.locked && !current.locked);
      signOut = passwordHash !== undefined || shutOut;
      await repo.update(
        { id },
        {
          ...(input.username !== undefined ? { username: input.username } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          role: next.role,
          disabled: next.disabled,
          locked: next.locked,
        },
      );
      if (input.groupIds !== undefined) await this.groups.replaceGroupsOfUser(em, id, input.groupIds);
      return this.describeOne(em, id);
    });
    // After the commit: the tokens live in another module's table (and, on PGlite, a second
    // connection inside the transaction would wait forever). Sign-in already refuses disabled and
    // locked users, so the only window is an old password's token surviving a failed revoke.
    if (signOut) await this.tokens.revokeAllFor(id);
    // A disabled or locked account keeps nothing running: its sessions stop (which revokes every
    // grant to them — owner cookies, share and connect links), so an open viewer is cut at once.
    if (shutOut) await this.sessions.stopAll(id);
    return user;
  }

  /**
   * Deletes a user. With running sessions it refuses (USER_HAS_SESSIONS) unless `force`, which
   * stops them first. The last active administrator cannot be deleted (LAST_ADMIN).
   */
  async delete(id: string, force: boolean): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id } });
    if (!user) throw notFound('User');
    // Check what can be checked before touching sessions, so a refusal stops nothing.
    if (isActiveAdmin(user)) await this.assertAnotherActiveAdmin(this.dataSource.manager, id);
    const active = await this.sessions.countActive(id);
    if (active > 0) {
      if (!force) throw userHasSessions(active);
      await this.sessions.stopAll(id);
    }
    await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_SET_LOCK_KEY]);
      const current = await em
        .getRepository(UserEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('User');
      if (isActiveAdmin(current)) await this.assertAnotherActiveAdmin(em, id);
      await em.getRepository(UserEntity).delete({ id });
    });
  }

  private async insert(
    em: EntityManager,
    input: CreateUserRequest,
    passwordHash: string,
  ): Promise<AdminUser> {
    await this.assertUsernameFree(em, input.username);
    const repo = em.getRepository(UserEntity);
    const saved = await repo.save(
      repo.create({
        username: input.username,
        passwordHash,
        role: input.role ?? 'user',
        anonymous: false,
        disabled: input.disabled ?? false,
        locked: input.locked ?? false,
      }),
    );
    if (input.groupIds?.length) await this.groups.replaceGroupsOfUser(em, saved.id, input.groupIds);
    return this.describeOne(em, saved.id);
  }

  /** Runs a change in one transaction; a concurrent duplicate username still answers USERNAME_TAKEN. */
  private async saving<T>(username: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (e) {
      if (isUniqueViolation(e, USERNAME_INDEX)) throw usernameTaken(username);
      throw e;
    }
  }

  private async assertUsernameFree(em: EntityManager, username: string, exceptId?: string): Promise<void> {
    const qb = em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.username) = :username', { username: normalizeUsername(username) });
    if (exceptId) qb.andWhere('u.id <> :exceptId', { exceptId });
    if (await qb.getExists()) throw usernameTaken(username);
  }

  private async assertAnotherActiveAdmin(em: EntityManager, exceptId: string): Promise<void> {
    const others = await em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where("u.role = 'admin' AND NOT u.anonymous AND NOT u.disabled AND NOT u.locked")
      .andWhere('u.id <> :exceptId', { exceptId })
      .getCount();
    if (others === 0) throw lastAdmin();
  }

  private async describeOne(em: EntityManager, id: string): Promise<AdminUser> {
    const user = await em.getRepository(UserEntity).findOne({ where: { id } });
    if (!user) throw notFound('User');
    const [described] = await this.describe(em, [user]);
    return described;
  }

  private async describe(em: EntityManager, users: UserEntity[]): Promise<AdminUser[]> {
    const groupIds = await this.groups.groupIdsOfUsers(
      users.map((u) => u.id),
      em,
    );
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      role: u.role,
      anonymous: u.anonymous,
      disabled: u.disabled,
      locked: u.locked,
      groupIds: groupIds.get(u.id) ?? [],
      createdAt: u.createdAt.toISOString(),
      lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    }));
  }
}
