import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from './app-error';

/**
 * JSON body parsing whose failures are already coded: Nest would turn body-parser's SyntaxError
 * into a plain 400 and lose what kind of failure it was.
 */
export function jsonBodyParser(limit: string): (req: Request, res: Response, next: NextFunction) => void {
  const parse = express.json({ limit });
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
      if (type === 'entity.parse.failed')
        return next(new AppError('MALFORMED_JSON', 'The request body is not valid JSON'));
      if (type === 'entity.too.large')
        return next(new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit}`));
      if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
        return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding'));
      }
      return next(new AppError('BAD_REQUEST', 'The request body could not be read'));
    });
}
