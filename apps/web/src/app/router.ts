import { adminRoutes, connectRoutes, dashboardRoutes } from '@caster/web/admin';
import { castingAdminRoutes, castingPublicRoutes } from '@caster/web/casting';
import { sessionAdminRoutes, sessionPublicRoutes } from '@caster/web/sessions';
import { createAppRouter } from '@caster/web/shell';
import { type QueryClient } from '@tanstack/react-query';
import { type DataRouter } from 'react-router';

/**
 * Where feature libs register their routes. Give every route `lazy` so each page is its own chunk:
 * a visitor opening a cast link must download that page and nothing of the administration.
 */
export function createRouter(queryClient: QueryClient): DataRouter {
  return createAppRouter(queryClient, {
    publicRoutes: [
      // The casting issue adds the visitor pages here, e.g.
      // { path: 'cast/:key', lazy: async () => ({ Component: (await import('@caster/web/casting')).CastPage }) },
      // and likewise session/:id and share/:shareId.
      // session/:id (the viewer) and share/:shareId (view-only), each lazy in its own chunk.
      ...sessionPublicRoutes,
      // cast/:key, the casting link's visitor page, alone in its chunk.
      ...castingPublicRoutes,
      // connect/:kasmId, the Developer API's kasm_url (token traded for cookies), lazy and light.
      ...connectRoutes,
    ],
    adminRoutes: [
      // A feature's admin page replaces the placeholder of the same path, e.g.
      // { path: 'workspaces', lazy: async () => ({ Component: (await import('@caster/web/workspaces')).WorkspacesPage }) },
      // sessions and staging, each lazy in its own chunk.
      ...sessionAdminRoutes,
      // casting (list), casting/new, casting/:id (audit and chart), casting/:id/edit, each lazy.
      ...castingAdminRoutes,
      // users, groups, workspaces and settings (with their new/edit pages), each lazy in its own chunk.
      ...adminRoutes,
    ],
    // The signed-in user's dashboard at #/, lazy like the rest.
    userRoutes: [...dashboardRoutes],
  });
}
