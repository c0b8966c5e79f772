import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Role } from '@caster/contracts';
import { AppError, hashPassword } from '@caster/api/core';
import { UserEntity } from './user.entity';

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

  /** Usernames are unique regardless of case. Includes the password hash, for sign-in only. */
  findForSignIn(username: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  countAdmins(): Promise<number> {
    return this.users.count({ where: { role: 'admin', anonymous: false } });
  }

  async create(input: NewUser): Promise<UserEntity> {
    const existing = await this.users
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username: input.username })
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

  async touchLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: new Date() });
  }
}
