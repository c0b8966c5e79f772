import { type RouteObject } from 'react-router';

/**
 * The sessions feature's pages, each loaded on demand as its own chunk: a visitor opening a
 * session or a share link downloads the viewer, never the administration pages.
 */
export const sessionPublicRoutes: RouteObject[] = [
  {
    path: 'session/:id',
    lazy: async () => ({ Component: (await import('./viewer/viewer-page')).ViewerPage }),
  },
  {
    path: 'share/:shareId',
    lazy: async () => ({ Component: (await import('./share/share-page')).SharePage }),
  },
];

/** Paths relative to `/admin`; they replace the placeholder pages of the same areas. */
export const sessionAdminRoutes: RouteObject[] = [
  {
    path: 'sessions',
    lazy: async () => ({ Component: (await import('./admin/admin-sessions-page')).AdminSessionsPage }),
  },
  {
    path: 'sessions/:id',
    lazy: async () => ({
      Component: (await import('./admin/admin-session-detail-page')).AdminSessionDetailPage,
    }),
  },
  {
    path: 'staging',
    lazy: async () => ({ Component: (await import('./admin/admin-staging-page')).AdminStagingPage }),
  },
];
