import type { LoggerService } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { QuietBootLogger } from './boot-logger';

function recorder() {
  const calls: [string, unknown, unknown][] = [];
  const inner: LoggerService = {
    log: (m: unknown, c?: unknown) => calls.push(['log', m, c]),
    error: (m: unknown, c?: unknown) => calls.push(['error', m, c]),
    warn: (m: unknown, c?: unknown) => calls.push(['warn', m, c]),
    debug: (m: unknown, c?: unknown) => calls.push(['debug', m, c]),
  };
  return { calls, logger: new QuietBootLogger(inner) };
}

describe('QuietBootLogger', () => {
  it("sends Nest's route mapping and module lines to debug", () => {
    const { calls, logger } = recorder();
    logger.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    logger.log('AuthModule dependencies initialized', 'InstanceLoader');
    expect(calls.map((c) => c[0])).toEqual(['debug', 'debug']);
  });

  it('keeps everything else at its level', () => {
    const { calls, logger } = recorder();
    logger.log('Created the first administrator account', 'AdminBootstrap');
    logger.warn('launch failed', 'Casting');
    logger.log('no context');
    expect(calls.map((c) => c[0])).toEqual(['log', 'warn', 'log']);
  });
});
