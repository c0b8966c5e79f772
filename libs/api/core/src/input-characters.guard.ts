import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from './app-error';
import { controlCharacterFields } from './control-characters';

/**
 * Global guard, registered before every other: refuses a request whose body, query or route
 * parameters hold a control character (tab and line breaks pass in a body here; the validation
 * pipe allows them only in @MultiLine fields). It runs before route guards because those read the
 * request too (a cast key, an API key, a username for the sign-in throttle) and would carry a NUL
 * to PostgreSQL. Thrown inside the route, so /api/public answers it in Kasm's shape.
 */
@Injectable()
export class InputCharactersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const fields = controlCharacterFields(req.body, true);
    controlCharacterFields(req.query, false, '', fields);
    controlCharacterFields(req.params, false, '', fields);
    if (Object.keys(fields).length > 0)
      throw new AppError('VALIDATION_FAILED', 'The request has invalid fields', { fields });
    return true;
  }
}
