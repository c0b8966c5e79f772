import { Catch, type ArgumentsHost } from '@nestjs/common';
import { AppError, ErrorFilter, MetricsPort, mapError } from '@caster/api/core';
import type { CastHttpRequest } from './cast-request';
import { CastingService } from './casting.service';

/**
 * On cast routes every refusal carries the link's Error URL (details.errorUrl) so the visitor's page
 * can send them there, and every POST is recorded in the link's claims audit with its outcome code.
 */
@Catch()
export class CastErrorFilter extends ErrorFilter {
  constructor(
    private readonly casting: CastingService,
    private readonly metrics: MetricsPort,
  ) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<CastHttpRequest>();
    const config = req.cast?.config;
    const mapped = mapError(exception);
    const done = (): void => {
      if (config?.errorUrl && exception instanceof AppError) {
        super.catch(
          new AppError(
            exception.code,
            exception.message,
            { ...exception.details, errorUrl: config.errorUrl },
            exception.headers,
          ),
          host,
        );
      } else if (config?.errorUrl && !(exception instanceof AppError)) {
        super.catch(
          new AppError(mapped.body.error.code, mapped.body.error.message, { errorUrl: config.errorUrl }),
          host,
        );
      } else {
        super.catch(exception, host);
      }
    };
    if (req.method === 'POST') this.metrics.castAnswered(config?.key ?? '', mapped.body.error.code);
    else if (req.method === 'GET') this.metrics.castChecked(config?.key ?? '', mapped.body.error.code);
    if (config && req.method === 'POST') {
      this.casting
        .recordClaim({
          castConfigId: config.id,
          ip: req.ip ?? '',
          outcome: mapped.body.error.code,
          userId: req.principal?.userId ?? null,
          sessionId: null,
        })
        .then(done, done);
    } else {
      done();
    }
  }
}
