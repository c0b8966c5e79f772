import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';
import { AUTH_COOKIE } from '@caster/contracts';
import type { CasterConfig } from '@caster/api/config';

/** Reads one cookie without a parser dependency; tolerant of odd headers. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Cookies are `Secure` when the request came over TLS or Caster is published on https. */
export function secureCookies(req: { secure?: boolean }, config: Pick<CasterConfig, 'publicUrl'>): boolean {
  return Boolean(req.secure) || (config.publicUrl?.startsWith('https:') ?? false);
}

export function setAuthCookie(res: Response, token: string, expiresAt: Date, secure: boolean): void {
  res.cookie(AUTH_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export function clearAuthCookie(res: Response, secure: boolean): void {
  res.clearCookie(AUTH_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
