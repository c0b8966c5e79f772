// Pages are deliberately not re-exported: a static import here would pull them into the entry
// chunk and undo the route-level code splitting in createRoutes.
export { RequireAdmin, RequireAuth, type RequireAuthProps } from './lib/auth/require-auth';
export { createAppRouter, createRoutes, registerSignInRedirect, type AppRoutesOptions } from './lib/routes';
