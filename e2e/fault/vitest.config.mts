import { projectConfig } from '../../tools/vitest/config.mts';

// Fault and load tests: a two-replica cluster with its own PostgreSQL and Redis, the machine's
// Docker engine behind an endpoint the tests can cut. One file at a time, each with its own cluster.
export default projectConfig(import.meta.url, 'fault', { testTimeout: 180_000, hookTimeout: 180_000 });
