import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { CasterConfig } from '@caster/api/config';
import {
  ContentSecurityExtras,
  ErrorFilter,
  QuietBootLogger,
  TrustedProxies,
  createValidationPipe,
  jsonBodyParser,
  requestIdFor,
} from '@caster/api/core';
import { MetricsService, UNPREFIXED_ROUTES } from '@caster/api/ops';
import { SessionProxyService } from '@caster/api/sessions';
import { AppModule } from './app.module';
import { sessionsFrameSource } from './dashboard-csp';

/** Paths the SPA never answers: the API, the session proxy, metrics. */
const SERVER_PATHS = /^\/(api|session|metrics)(\/|$)/;

export function buildOpenApiDocument(app: NestExpressApplication) {
  const config = new DocumentBuilder()
    .setTitle('Caster API')
    .setDescription(
      'Session casting: casting links, sessions, users, groups, workspaces. Errors are `{ error: { code, message, details? } }`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('caster_token')
    .build();
  return SwaggerModule.createDocument(app, config);
}

function serveSpa(app: NestExpressApplication, distDir: string): void {
  const index = join(distDir, 'index.html');
  const assets = express.static(distDir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    assets(req, res, () => {
      if (!existsSync(index)) {
        res.status(503).type('text/plain').send('The web app is not built yet: run `npm run build`.');
        return;
      }
      // The SPA routes by hash, so every other path gets the shell; index.html itself is never cached.
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  });
}

/** Builds the API exactly as production runs it (tests use this too), without listening. */
export async function createApp(config: CasterConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  // Nest's per-route and per-module start-up lines go to debug (LOG_LEVEL=debug shows them).
  app.useLogger(new QuietBootLogger(app.get(Logger)));
  app.flushLogs();

  const trusted = app.get(TrustedProxies);
  trusted.replace(config.trustedProxies);
  // Believe X-Forwarded-For only from configured proxies; the set can change at run time.
  app.set('trust proxy', (address: string) => trusted.trusts(address));
  app.disable('x-powered-by');

  // Timed before anything can answer, so the HTTP histogram sees every request.
  app.use(app.get(MetricsService).httpTimer);
  // The session proxy goes first: request bodies must stream through untouched, and the session's
  // own pages (noVNC) bring their own headers rather than the dashboard's CSP.
  const sessionProxy = app.get(SessionProxyService);
  const extras = app.get(ContentSecurityExtras);
  app.use(sessionProxy.middleware);
  app.getHttpServer().on('upgrade', sessionProxy.upgrade);
  // Session content is framed from its own origins (SESSIONS_URL), never from 'self'.
  const sessionFrames = sessionsFrameSource(config.sessions.template);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // The configured CAPTCHA widget's origins are added per response (see ContentSecurityExtras).
          scriptSrc: ["'self'", () => extras.captchaOrigins.join(' ')],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          frameSrc: ["'self'", sessionFrames, () => extras.captchaOrigins.join(' ')],
          frameAncestors: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    req.id = requestIdFor(req, res);
    next();
  });
  app.use(jsonBodyParser('1mb'));
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_ROUTES });
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Caster API',
  });
  serveSpa(app, config.web.distDir ?? join(process.cwd(), 'dist/apps/web'));
  await app.init();
  return app;
}
