import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mapError } from './error-mapping';

/** The one place that writes error bodies: `{ error: { code, message, details?, requestId } }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string | number }>();
    const res = http.getResponse<Response>();
    const requestId = req.id === undefined ? undefined : String(req.id);
    const mapped = mapError(exception, requestId);
    if (mapped.unexpected) {
      this.logger.error(
        { err: exception, requestId, path: req.originalUrl },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
    res.status(mapped.status).json(mapped.body);
  }
}
