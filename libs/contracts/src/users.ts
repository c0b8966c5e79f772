import type { Role } from './auth';
import type { PageQuery } from './pagination';

/**
 * Letters, digits and `. _ - @`, 1–64 characters, but not "." or ".." (usernames end up in
 * paths, e.g. persistent profiles); unique regardless of case.
 */
export const USERNAME_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._@-]{1,64}$/;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

/** `/api/admin/users` resource. The password is write-only and never answered. */
export interface AdminUser {
  id: string;
  username: string;
  role: Role;
  /** Made by casting for a visitor; removed automatically after `anonymousUserExpirationHours`. Read-only. */
  anonymous: boolean;
  disabled: boolean;
  locked: boolean;
  /** Groups the user belongs to; always includes the system group "All Users". */
  groupIds: string[];
  createdAt: string;
  lastLoginAt: string | null;
}

/** POST /api/admin/users */
export interface CreateUserRequest {
  username: string;
  password: string;
  role?: Role;
  disabled?: boolean;
  locked?: boolean;
  /** Replaces the memberships; the "All Users" id may be included and is ignored (membership is implicit). */
  groupIds?: string[];
}

/**
 * PATCH (or PUT, same meaning) /api/admin/users/:id: only the fields sent change. Disabling,
 * locking or a new password signs the user out everywhere.
 */
export type UpdateUserRequest = Partial<CreateUserRequest>;

export type UserSortField = 'username' | 'createdAt' | 'lastLoginAt';

/** GET /api/admin/users query. `anonymous=true|false` filters; omitted lists both. */
export interface UserListQuery extends PageQuery {
  sort?: UserSortField;
  anonymous?: boolean;
}
