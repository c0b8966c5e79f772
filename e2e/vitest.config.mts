import { projectConfig } from '../tools/vitest/config.mts';

// Browser journeys: the built API + SPA, run as `npm start` runs them, driven by Debian's Chromium.
export default projectConfig(import.meta.url, 'e2e', { include: ['journeys/**/*.e2e.ts'] });
