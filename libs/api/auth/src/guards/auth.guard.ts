import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AUTH_COOKIE, CSRF_HEADER } from '@caster/contracts';
import { ACCESS_METADATA, AppError, type AccessLevel, type RequestWithPrincipal } from '@caster/api/core';
import { readCookie } from '../cookies';
import { TokensService } from '../tokens.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: identifies the caller (bearer token, else the SPA's HttpOnly cookie) and enforces
 * the route's declared access. A route without a declaration is refused: access is never implicit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) throw new AppError('INTERNAL', 'This route declares no access rule');

    const req = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const cookie = bearer ? undefined : readCookie(req, AUTH_COOKIE);
    const token = bearer ?? cookie;
    if (token) {
      const principal = await this.tokens.resolve(token, bearer ? 'bearer' : 'cookie');
      if (principal) {
        // A cookie rides along on cross-site requests; a custom header cannot be added by another site.
        if (
          principal.via === 'cookie' &&
          !SAFE_METHODS.has(req.method) &&
          req.headers[CSRF_HEADER] === undefined
        ) {
          if (access !== 'public') throw new AppError('FORBIDDEN', `Missing ${CSRF_HEADER} header`);
        } else {
          req.principal = principal;
        }
      }
    }

    switch (access) {
      case 'public':
        return true;
      case 'session':
        if (!req.principal) throw new AppError('AUTH_REQUIRED', 'Sign in first');
        return true;
      case 'signed-in':
        if (!req.principal) throw new AppError('AUTH_REQUIRED', 'Sign in first');
        // A cast's anonymous account reaches its own session (routes marked @SessionPrincipal) only.
        if (req.principal.anonymous)
          throw new AppError('FORBIDDEN', 'An anonymous visitor can only reach its own session');
        return true;
      case 'admin':
        if (!req.principal) throw new AppError('AUTH_REQUIRED', 'Sign in first');
        if (req.principal.role !== 'admin' || req.principal.anonymous)
          throw new AppError('FORBIDDEN', 'Administrators only');
        return true;
    }
  }
}
