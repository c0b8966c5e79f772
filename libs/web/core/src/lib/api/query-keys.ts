/**
 * Every react-query key the SPA uses, so invalidation after a mutation and prefetching in route
 * loaders agree on them. Feature hooks add their keys here rather than inlining arrays.
 */
export const queryKeys = {
  auth: {
    all: ['auth'] as const,
    me: () => ['auth', 'me'] as const,
  },
  /** Everything under `/api/admin`; a change to one resource can show in another's lists. */
  admin: {
    all: ['admin'] as const,
    users: {
      all: ['admin', 'users'] as const,
      list: (query: object) => ['admin', 'users', 'list', query] as const,
      detail: (id: string) => ['admin', 'users', 'detail', id] as const,
      effectiveSettings: (id: string) => ['admin', 'users', 'effective-settings', id] as const,
    },
    groups: {
      all: ['admin', 'groups'] as const,
      list: (query: object) => ['admin', 'groups', 'list', query] as const,
      detail: (id: string) => ['admin', 'groups', 'detail', id] as const,
    },
    workspaces: {
      all: ['admin', 'workspaces'] as const,
      list: (query: object) => ['admin', 'workspaces', 'list', query] as const,
      detail: (id: string) => ['admin', 'workspaces', 'detail', id] as const,
    },
    settings: () => ['admin', 'settings'] as const,
    /** `GET /api/admin/overview?hours=`. */
    overview: (hours: number) => ['admin', 'overview', hours] as const,
    /** `GET /api/admin/overview/getting-started`. */
    gettingStarted: () => ['admin', 'getting-started'] as const,
    sessions: {
      all: ['admin', 'sessions'] as const,
      list: (query: object) => ['admin', 'sessions', 'list', query] as const,
      detail: (id: string) => ['admin', 'sessions', 'detail', id] as const,
      thumbnail: (id: string) => ['admin', 'sessions', 'thumbnail', id] as const,
      view: (id: string) => ['admin', 'sessions', 'view', id] as const,
    },
    /** `GET /api/admin/engines/images`: what each engine holds (the workspace form's image picker). */
    engineImages: () => ['admin', 'engines', 'images'] as const,
    staging: {
      all: ['admin', 'staging'] as const,
      list: () => ['admin', 'staging', 'list'] as const,
    },
    casting: {
      all: ['admin', 'casting'] as const,
      list: (query: object) => ['admin', 'casting', 'list', query] as const,
      detail: (id: string) => ['admin', 'casting', 'detail', id] as const,
      claims: (id: string) => ['admin', 'casting', 'claims', id] as const,
    },
  },
  /**
   * `GET /api/cast/:key`: what a casting link's visitor page needs before launching. Keyed by the
   * visit, never shared between visits: a sign-in in between changes the answer.
   */
  cast: {
    info: (key: string, visit: string) => ['cast', 'info', key, visit] as const,
  },
  /** `GET /api/workspaces`: what the signed-in user may launch from the dashboard. */
  launchableWorkspaces: () => ['workspaces', 'launchable'] as const,
  /** The signed-in user's own sessions (`/api/sessions`), and a share link being joined. */
  sessions: {
    all: ['sessions'] as const,
    list: () => ['sessions', 'list'] as const,
    detail: (id: string) => ['sessions', 'detail', id] as const,
    access: (id: string) => ['sessions', 'access', id] as const,
    share: (shareId: string) => ['sessions', 'share', shareId] as const,
  },
} as const;
