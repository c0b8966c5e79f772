// Only route definitions: their pages load lazily. A static export of a page here would pull it
// into the entry chunk of whoever imports this lib.
export { castingAdminRoutes, castingPublicRoutes } from './lib/routes';
