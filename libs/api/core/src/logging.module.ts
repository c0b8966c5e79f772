import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { humanLogStream } from './human-log';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Takes a caller's X-Request-Id when it looks sane (so a proxy's id follows the request), else makes
 * one. main.ts assigns it as the very first middleware, so even body-parser errors carry it.
 */
export function requestIdFor(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Fields of a log line about one session, so every line about it can be found by `sessionId`:
 * `this.logger.warn(sessionLog(id, 'could not remove its container', { err }))`. With the pino
 * logger the fields become top-level JSON keys; `msg` is the human text. Never pass secrets.
 */
export function sessionLog(
  sessionId: string,
  msg: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...fields, sessionId, msg };
}

/**
 * Keys that may carry secrets wherever they appear in a logged object, one level deep (pino's
 * redaction needs explicit paths; a deeper secret must not be logged in the first place).
 */
const SECRET_KEYS = ['password', 'token', 'secret', 'apiKeySecret', 'api_key_secret', 'captchaToken'];

/**
 * pino JSON logs: one line per request with its id; every line logged while a request is handled
 * (or by work it started, e.g. provisioning) carries that id as `requestId`; secrets are redacted.
 */
@Module({})
export class LoggingModule {
  static forRoot(): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [CASTER_CONFIG],
          useFactory: (config: CasterConfig) => ({
            // Express 5 route syntax; the default '*' makes Nest log a legacy-route warning.
            forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            pinoHttp: withDestination(config, {
              level: config.logLevel,
              genReqId: requestIdFor,
              // Lines logged during a request get only `requestId`, not the whole request again.
              quietReqLogger: true,
              customAttributeKeys: { reqId: 'requestId' },
              redact: {
                paths: [
                  'req.headers.authorization',
                  'req.headers.cookie',
                  'res.headers["set-cookie"]',
                  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]),
                ],
                censor: '[redacted]',
              },
              customLogLevel: (_req, res, err) =>
                err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              // Health checks and Prometheus scrapes come every few seconds and say nothing new.
              autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
              serializers: {
                req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                  remoteAddress: req.remoteAddress,
                }),
              },
            }),
          }),
        }),
      ],
    };
  }
}

/**
 * JSON for machines (a log collector, `docker logs`), readable lines for a person at a terminal:
 * LOG_FORMAT=auto decides by whether stdout is a TTY.
 */
function withDestination(config: CasterConfig, options: Options): Options | [Options, DestinationStream] {
  const pretty =
    config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  if (!pretty) return options;
  return [options, humanLogStream(process.stdout, process.stdout.isTTY === true)];
}
