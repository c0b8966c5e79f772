/**
 * The administration areas, in navbar order. Routes and the navbar both read this list so a new
 * area cannot appear in one and not the other. `path` is relative to `/admin` ('' = overview).
 */
export const ADMIN_SECTIONS = [
  { id: 'overview', path: '', label: 'Overview' },
  { id: 'workspaces', path: 'workspaces', label: 'Workspaces' },
  { id: 'groups', path: 'groups', label: 'Groups' },
  { id: 'users', path: 'users', label: 'Users' },
  { id: 'casting', path: 'casting', label: 'Casting' },
  { id: 'sessions', path: 'sessions', label: 'Sessions' },
  { id: 'staging', path: 'staging', label: 'Staging' },
  { id: 'settings', path: 'settings', label: 'Settings' },
  { id: 'api-keys', path: 'api-keys', label: 'API keys' },
] as const;

export type AdminSection = (typeof ADMIN_SECTIONS)[number];
export type AdminSectionId = AdminSection['id'];

export const ADMIN_ROOT = '/admin';

export function adminPath(section: Pick<AdminSection, 'path'>): string {
  return section.path === '' ? ADMIN_ROOT : `${ADMIN_ROOT}/${section.path}`;
}
