import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ApiKeyPermission } from '@caster/contracts';
import { AppError } from '@caster/api/core';
import { ApiKeysService, type ApiKeyPrincipal } from '@caster/api/auth';
import { KASM_PERMISSIONS_METADATA, KASM_READ_METADATA } from './kasm-metadata';

export interface RequestWithApiKey {
  apiKey?: ApiKeyPrincipal;
}

/** `api_key` + `api_key_secret` from HTTP Basic, else from the JSON body; null when neither is there. */
export function credentialsOf(
  req: Pick<Request, 'headers' | 'body'>,
): { key: string; secret: string } | null {
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const body: unknown = req.body;
  if (typeof body === 'object' && body !== null) {
    const { api_key: key, api_key_secret: secret } = body as Record<string, unknown>;
    if (typeof key === 'string' && typeof secret === 'string') return { key, secret };
  }
  return null;
}

/** The permissions of `required` the key lacks; none when it holds `global_admin`. */
export function missingPermissions(
  held: readonly ApiKeyPermission[],
  required: readonly ApiKeyPermission[],
): ApiKeyPermission[] {
  if (held.includes('global_admin')) return [];
  return required.filter((p) => !held.includes(p));
}

/**
 * The Developer API's access policy (its routes are @Public() for the global AuthGuard): a valid,
 * enabled, unexpired key (else 401), read-only keys on read routes only, and every permission the
 * route's @KasmPermission lists (else 403). A route without @KasmPermission is refused.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.get<ApiKeyPermission[] | undefined>(
      KASM_PERMISSIONS_METADATA,
      context.getHandler(),
    );
    if (!required?.length) throw new AppError('INTERNAL', 'This route declares no API key permission');
    const read = this.reflector.get<boolean | undefined>(KASM_READ_METADATA, context.getHandler()) === true;

    const req = context.switchToHttp().getRequest<Request & RequestWithApiKey>();
    const credentials = credentialsOf(req);
    if (!credentials)
      throw new AppError(
        'AUTH_REQUIRED',
        'Send api_key and api_key_secret in the JSON body, or as HTTP Basic credentials',
      );
    const key = await this.keys.authenticate(credentials.key, credentials.secret);
    if (key.readOnly && !read) throw new AppError('FORBIDDEN', 'This API key is read-only');
    const missing = missingPermissions(key.permissions, required);
    if (missing.length > 0)
      throw new AppError('FORBIDDEN', `This API key lacks the permission(s): ${missing.join(', ')}`);
    req.apiKey = key;
    return true;
  }
}
