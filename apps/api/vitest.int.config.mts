import { projectConfig } from '../../tools/vitest/config.mts';

// Each test file makes its own database (see test/support/test-app.ts), so files can run in parallel.
export default projectConfig(import.meta.url, 'int');
