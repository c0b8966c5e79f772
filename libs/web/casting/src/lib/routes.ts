import { type RouteObject } from 'react-router';

/**
 * The visitor's page, alone in its chunk: opening a casting link downloads it and nothing of the
 * administration (no forms library, no charts, no QR codes).
 */
export const castingPublicRoutes: RouteObject[] = [
  {
    path: 'cast/:key',
    lazy: async () => ({ Component: (await import('./visitor/cast-page')).CastPage }),
  },
];

/** Paths relative to `/admin`; `casting` replaces the shell's placeholder. */
export const castingAdminRoutes: RouteObject[] = [
  {
    path: 'casting',
    lazy: async () => ({ Component: (await import('./admin/casting-list-page')).CastingListPage }),
  },
  {
    path: 'casting/new',
    lazy: async () => ({ Component: (await import('./admin/casting-form-pages')).NewCastingPage }),
  },
  {
    path: 'casting/:id',
    lazy: async () => ({ Component: (await import('./admin/casting-detail-page')).CastingDetailPage }),
  },
  {
    path: 'casting/:id/edit',
    lazy: async () => ({ Component: (await import('./admin/casting-form-pages')).EditCastingPage }),
  },
];
