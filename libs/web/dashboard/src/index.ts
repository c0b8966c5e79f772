import { type RouteObject } from 'react-router';

/** The signed-in user's dashboard (`#/`): the workspaces they may launch, lazy in its own chunk. */
export const dashboardRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./lib/dashboard-page')).DashboardPage }),
  },
];
