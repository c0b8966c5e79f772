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
