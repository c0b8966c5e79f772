export type Role = 'admin' | 'user';
export const ROLES: readonly Role[] = ['admin', 'user'];

export interface GroupRef {
  id: string;
  name: string;
}

/** GET /api/auth/me */
export interface Me {
  id: string;
  username: string;
  role: Role;
  anonymous: boolean;
  groups: GroupRef[];
}

/** POST /api/auth/login */
export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: Me;
}

/** Name of the HttpOnly cookie that carries the same token for the SPA. */
export const AUTH_COOKIE = 'caster_token';
/** Cookie-authenticated requests that change state must carry this header (CSRF defence). */
export const CSRF_HEADER = 'x-caster-csrf';

/**
 * POST /api/auth/password: the signed-in user changes their own password. The new one follows the
 * same rules as an administrator's (PASSWORD_MIN_LENGTH–PASSWORD_MAX_LENGTH characters) and must
 * differ from the current one. Every other sign-in of the account is revoked; this one stays.
 */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}
