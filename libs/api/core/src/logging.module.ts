import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
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

/** pino JSON logs, one line per request with its id; secrets in headers are redacted. */
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
            pinoHttp: {
              level: config.logLevel,
              genReqId: requestIdFor,
              redact: {
                paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
                censor: '[redacted]',
              },
              customLogLevel: (_req, res, err) =>
                err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              autoLogging: { ignore: (req) => req.url === '/api/health' },
              serializers: {
                req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                  remoteAddress: req.remoteAddress,
                }),
              },
            },
          }),
        }),
      ],
    };
  }
}
