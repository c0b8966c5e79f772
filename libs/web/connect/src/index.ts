import { type RouteObject } from 'react-router';

/**
 * Public: `#/connect/:kasmId?token=…`, the Developer API's `kasm_url`. Its own light chunk, with
 * nothing of the administration.
 */
export const connectRoutes: RouteObject[] = [
  {
    path: 'connect/:kasmId',
    lazy: async () => ({ Component: (await import('./lib/connect-page')).ConnectPage }),
  },
];
