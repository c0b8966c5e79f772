import { projectConfig } from '../../../tools/vitest/config.mts';

export default projectConfig(import.meta.url, 'web');
