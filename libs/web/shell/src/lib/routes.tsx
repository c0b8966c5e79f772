import { onUnauthenticated, queryKeys, SIGN_IN_PATH, signInPath } from '@caster/web/core';
import { LoadingState } from '@caster/web/ui';
import { type QueryClient } from '@tanstack/react-query';
import { createHashRouter, type DataRouter, type RouteObject } from 'react-router';
import { type AdminSectionId, ADMIN_SECTIONS } from './admin/admin-sections';
import { RequireAdmin, RequireAuth } from './auth/require-auth';
import { SIGN_OUT_PATH } from './auth/sign-out';
import { NotFoundPage } from './pages/not-found-page';
import { RouteErrorPage } from './pages/route-error-page';
import { withLazyRetries } from './retry-lazy';

export interface AppRoutesOptions {
  /**
   * Pages that need no sign-in, such as the visitor's `cast/:key`, `session/:id`, `share/:id`.
   * Give them `lazy` so a visitor downloads only their page, never the administration.
   */
  publicRoutes?: RouteObject[];
  /**
   * Pages inside the administration layout, paths relative to `/admin`. One whose path matches a
   * built-in area (or `index: true` for the overview) replaces that area's placeholder page.
   */
  adminRoutes?: RouteObject[];
  /**
   * Pages inside the signed-in user's layout (header with sign-out), paths relative to `/`. One
   * with `index: true` replaces the dashboard placeholder.
   */
  userRoutes?: RouteObject[];
}

function sectionPage(section: AdminSectionId): RouteObject['lazy'] {
  return async () => {
    const { AdminSectionPage } = await import('./admin/admin-section-page');
    return { element: <AdminSectionPage section={section} /> };
  };
}

function adminChildren(custom: RouteObject[]): RouteObject[] {
  const replaced = (path: string) =>
    custom.some((route) => (path === '' ? route.index === true : route.path === path));
  const placeholders = ADMIN_SECTIONS.filter((section) => !replaced(section.path)).map(
    (section): RouteObject =>
      section.path === ''
        ? { index: true, lazy: sectionPage(section.id) }
        : { path: section.path, lazy: sectionPage(section.id) },
  );
  return [...placeholders, ...custom];
}

function userChildren(custom: RouteObject[]): RouteObject[] {
  if (custom.some((route) => route.index === true)) return custom;
  return [
    {
      index: true,
      lazy: async () => ({ Component: (await import('./pages/user-dashboard')).UserDashboard }),
    },
    ...custom,
  ];
}

function RouteFallback() {
  return <LoadingState />;
}

/**
 * The whole route tree. Everything behind a sign-in is loaded lazily so the first paint of a
 * public page (sign-in, error, a cast link) carries neither the admin layout nor its pages.
 */
export function createRoutes(options: AppRoutesOptions = {}): RouteObject[] {
  return withLazyRetries([
    {
      id: 'root',
      HydrateFallback: RouteFallback,
      ErrorBoundary: RouteErrorPage,
      children: [
        {
          path: SIGN_IN_PATH.slice(1),
          lazy: async () => ({ Component: (await import('./auth/sign-in-page')).SignInPage }),
        },
        {
          path: SIGN_OUT_PATH.slice(1),
          lazy: async () => ({ Component: (await import('./auth/sign-out-page')).SignOutPage }),
        },
        {
          path: 'error',
          lazy: async () => ({ Component: (await import('./pages/error-page')).ErrorPage }),
        },
        ...(options.publicRoutes ?? []),
        {
          element: <RequireAuth />,
          children: [
            {
              lazy: async () => ({ Component: (await import('./pages/user-dashboard')).UserLayout }),
              children: userChildren(options.userRoutes ?? []),
            },
          ],
        },
        {
          path: 'admin',
          element: <RequireAdmin />,
          children: [
            {
              lazy: async () => ({ Component: (await import('./admin/admin-layout')).AdminLayout }),
              children: adminChildren(options.adminRoutes ?? []),
            },
          ],
        },
        { path: '*', Component: NotFoundPage },
      ],
    },
  ]);
}

/**
 * When the API answers 401 to a signed-in request (the cookie expired or was revoked), forget
 * the user and send them to sign in, then back to the page they were on.
 */
export function registerSignInRedirect(router: DataRouter, queryClient: QueryClient): () => void {
  return onUnauthenticated(() => {
    const { pathname, search } = router.state.location;
    if (pathname !== SIGN_IN_PATH) void router.navigate(signInPath(pathname + search), { replace: true });
    queryClient.setQueryData(queryKeys.auth.me(), null);
  });
}

export function createAppRouter(queryClient: QueryClient, options: AppRoutesOptions = {}): DataRouter {
  const router = createHashRouter(createRoutes(options));
  registerSignInRedirect(router, queryClient);
  return router;
}
