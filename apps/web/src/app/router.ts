import { adminRoutes } from '@caster/web/admin';
import { castingAdminRoutes, castingPublicRoutes } from '@caster/web/casting';
import { connectRoutes } from '@caster/web/connect';
import { dashboardRoutes } from '@caster/web/dashboard';
import { sessionAdminRoutes, sessionPublicRoutes } from '@caster/web/sessions';
import { createAppRouter } from '@caster/web/shell';
import { type QueryClient } from '@tanstack/react-query';
import { type DataRouter } from 'react-router';

/**
 * Where feature libs register their routes. Every route is `lazy`, so each page is its own chunk:
 * a visitor opening a cast link downloads that page and nothing of the administration.
 */
export function createRouter(queryClient: QueryClient): DataRouter {
  return createAppRouter(queryClient, {
    publicRoutes: [
      // session/:id (the viewer) and share/:shareId (view-only).
      ...sessionPublicRoutes,
      // cast/:key, the casting link's visitor page.
      ...castingPublicRoutes,
      // connect/:kasmId, the Developer API's kasm_url (token traded for cookies), light.
      ...connectRoutes,
    ],
    // Each replaces the shell's placeholder of the same path under /admin.
    adminRoutes: [
      // sessions and staging.
      ...sessionAdminRoutes,
      // casting (list), casting/new, casting/:id (audit and chart), casting/:id/edit.
      ...castingAdminRoutes,
      // the overview, users, groups, workspaces, settings and api-keys (with new/edit pages).
      ...adminRoutes,
    ],
    // The signed-in user's dashboard at #/.
    userRoutes: [...dashboardRoutes],
  });
}
