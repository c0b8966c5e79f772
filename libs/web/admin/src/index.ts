import { type RouteObject } from 'react-router';

// Only route objects are exported: every page is imported lazily, so each is its own chunk and
// nothing of the administration reaches the entry bundle or a visitor's page.

/**
 * Pages under `/admin`; the overview (index), `users`, `groups`, `workspaces`, `settings` and
 * `api-keys` replace the shell's placeholders.
 */
export const adminRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./lib/overview/overview-page')).OverviewPage }),
  },
  {
    path: 'users',
    lazy: async () => ({ Component: (await import('./lib/users/users-page')).UsersPage }),
  },
  {
    path: 'users/new',
    lazy: async () => ({ Component: (await import('./lib/users/user-pages')).NewUserPage }),
  },
  {
    path: 'users/:id',
    lazy: async () => ({ Component: (await import('./lib/users/user-pages')).EditUserPage }),
  },
  {
    path: 'groups',
    lazy: async () => ({ Component: (await import('./lib/groups/groups-page')).GroupsPage }),
  },
  {
    path: 'groups/new',
    lazy: async () => ({ Component: (await import('./lib/groups/group-pages')).NewGroupPage }),
  },
  {
    path: 'groups/:id',
    lazy: async () => ({ Component: (await import('./lib/groups/group-pages')).EditGroupPage }),
  },
  {
    path: 'workspaces',
    lazy: async () => ({ Component: (await import('./lib/workspaces/workspaces-page')).WorkspacesPage }),
  },
  {
    path: 'workspaces/new',
    lazy: async () => ({ Component: (await import('./lib/workspaces/workspace-pages')).NewWorkspacePage }),
  },
  {
    path: 'workspaces/:id',
    lazy: async () => ({ Component: (await import('./lib/workspaces/workspace-pages')).EditWorkspacePage }),
  },
  {
    path: 'settings',
    lazy: async () => ({ Component: (await import('./lib/settings/settings-page')).SettingsPage }),
  },
  {
    path: 'api-keys',
    lazy: async () => ({ Component: (await import('./lib/api-keys/api-keys-page')).ApiKeysPage }),
  },
];
