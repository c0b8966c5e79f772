import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { Role } from '@caster/contracts';
import { AppError, containsPattern, hashPassword } from '@caster/api/core';
import { UserEntity } from './user.entity';
import { normalizeUsername } from './username';

export interface NewUser {
  username: string;
  password: string | null;
  role: Role;
  anonymous?: boolean;
}

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  /** Usernames are compared in their normalised form. Includes the password hash, for sign-in only. */
  findForSignIn(username: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = :username', { username: normalizeUsername(username) })
      .getOne();
  }

  /** Which of these ids are users; pass the caller's transaction manager when inside one. */
  async existingIds(ids: readonly string[], em?: EntityManager): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await (em ?? this.users.manager)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select('u.id')
      .where('u.id IN (:...ids)', { ids })
      .getMany();
    return rows.map((r) => r.id);
  }

  /** Each of these users' names, in one query (unknown ids are left out). */
  async usernamesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.users
      .createQueryBuilder('u')
      .select(['u.id', 'u.username'])
      .where('u.id IN (:...ids)', { ids: unique })
      .getMany();
    return new Map(rows.map((u) => [u.id, u.username]));
  }

  /** Ids of the users whose name contains `text`, case-insensitively (the admin lists' search). */
  async idsMatching(text: string): Promise<string[]> {
    const rows = await this.users
      .createQueryBuilder('u')
      .select('u.id')
      .where('u.username ILIKE :q', { q: containsPattern(text) })
      .getMany();
    return rows.map((u) => u.id);
  }

  /** Every account, anonymous ones included. */
  count(em?: EntityManager): Promise<number> {
    return (em ?? this.users.manager).getRepository(UserEntity).count();
  }

  countAdmins(): Promise<number> {
    return this.users.count({ where: { role: 'admin', anonymous: false } });
  }

  async create(input: NewUser): Promise<UserEntity> {
    const existing = await this.users
      .createQueryBuilder('u')
      .where('lower(u.username) = :username', { username: normalizeUsername(input.username) })
      .getExists();
    if (existing)
      throw new AppError('USERNAME_TAKEN', `The username "${input.username}" is taken`, {
        fields: { username: 'already taken' },
      });
    const entity = this.users.create({
      username: input.username,
      passwordHash: input.password === null ? null : await hashPassword(input.password),
      role: input.role,
      anonymous: input.anonymous ?? false,
    });
    const saved = await this.users.save(entity);
    return { ...saved, passwordHash: null };
  }

  /**
   * An anonymous account for a casting visitor: one INSERT and no transaction — the name is 64
   * random bits, so the case-insensitive uniqueness check of `create` has nothing to find (the
   * unique index still guards it). On the staged-cast path every round trip counts.
   */
  async createAnonymous(): Promise<UserEntity> {
    const values = {
      username: `anon-${randomBytes(8).toString('hex')}`,
      role: 'user' as const,
      anonymous: true,
    };
    const result = await this.users.insert(values);
    return this.users.create({
      ...values,
      ...(result.generatedMaps[0] as Partial<UserEntity>),
      passwordHash: null,
    });
  }

  /** Removes an anonymous account (a cast that did not go through); never a real user. */
  async deleteAnonymous(id: string): Promise<void> {
    await this.users.delete({ id, anonymous: true });
  }

  /** Stores a new password (hashed with argon2id); a no-op for an anonymous account. */
  async setPassword(id: string, password: string): Promise<void> {
    await this.users.update({ id, anonymous: false }, { passwordHash: await hashPassword(password) });
  }

  async touchLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: new Date() });
  }
}
