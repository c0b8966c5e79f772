export * from './data-source';
export * from './database.module';
export * from './naming.strategy';
export * from './pglite-pool';
export { MIGRATIONS } from './migrations';
export * from './pg-errors';
export * from './cluster';
