import type { LoggerService } from '@nestjs/common';

/**
 * Nest's start-up chatter: one line per module, controller and mapped route (about 150 on this
 * API). Useful when a route seems missing, noise otherwise — so it is logged at debug.
 */
export const BOOT_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

function contextOf(params: unknown[]): unknown {
  return params.length > 0 ? params[params.length - 1] : undefined;
}

/** Wraps the app's logger so that `log` from BOOT_CONTEXTS goes out at debug level. */
export class QuietBootLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    if (typeof context === 'string' && BOOT_CONTEXTS.has(context)) this.debug(message, ...params);
    else this.inner.log(message, ...params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.inner.error(message, ...params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.inner.warn(message, ...params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.inner.debug?.(message, ...params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.inner.verbose?.(message, ...params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...params);
  }
}
