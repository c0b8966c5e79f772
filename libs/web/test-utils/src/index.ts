// Render helpers and fetch stubs for the SPA's unit tests; imported only by spec files.
export * from './lib/users';
export * from './lib/fetch-mock';
export * from './lib/render';
