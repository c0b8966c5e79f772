import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { KasmErrorBody } from '@caster/contracts';
import { mapError } from '@caster/api/core';

/** Statuses a Kasm client may see as they are; any other 4xx becomes 400 (bad input). */
const KEPT = new Set([400, 401, 403, 404, 429]);

/** Any error as Kasm answers it: `{ error_message }` with an HTTP status, never a 200. */
export function toKasmError(exception: unknown): {
  status: number;
  body: KasmErrorBody;
  headers: Record<string, string>;
  unexpected: boolean;
} {
  const mapped = mapError(exception);
  const { message, details } = mapped.body.error;
  const fields = Object.entries(details?.fields ?? {});
  return {
    status: KEPT.has(mapped.status) || mapped.status >= 500 ? mapped.status : 400,
    body: {
      error_message: fields.length
        ? `${message}: ${fields.map(([field, why]) => `${field}: ${why}`).join('; ')}`
        : message,
    },
    headers: mapped.headers,
    unexpected: mapped.unexpected,
  };
}

/** Scoped to the /api/public controllers; the rest of the API keeps `{ error: { code, … } }`. */
@Catch()
export class KasmErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('DeveloperApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string | number }>();
    const res = http.getResponse<Response>();
    const answer = toKasmError(exception);
    if (answer.unexpected) {
      this.logger.error(
        { err: exception, requestId: req.id, path: req.originalUrl },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.status(answer.status).json(answer.body);
  }
}
