import type { Request } from 'express';
import { AUTH_COOKIE } from '@caster/contracts';
import { readCookie } from '@caster/api/auth';
import type { Principal } from '@caster/api/core';
import type { CastConfigEntity } from '../cast-config.entity';

/**
 * What a cast request is made of, read once from the HTTP request: the policies see this and the
 * context they add to it, never the request itself.
 */
export interface CastInput {
  key: string;
  /** The raw JSON body: the first policy validates it. */
  rawBody: unknown;
  /** The client address (X-Forwarded-For believed only from trusted proxies). */
  ip: string;
  /** The caller's sign-in, if any (an anonymous token counts as none for casting). */
  principal: Principal | null;
  /** `?referrer=` (the info request has no body). */
  queryReferrer: string | undefined;
  http: {
    isJson: boolean;
    /** The request carries the dashboard's sign-in cookie (valid or not). */
    hasAuthCookie: boolean;
    origin: string | undefined;
    fetchSite: string | undefined;
    host: string | undefined;
    /** X-Forwarded-Host, only when a trusted proxy sent it. */
    forwardedHost: string | undefined;
  };
}

/** The validated body (CastRequestDto's fields). */
export interface CastBody {
  params?: Record<string, unknown>;
  referrer?: string;
  captchaToken?: string;
  /** "Open as a visitor": only labels the claim (see CastTestVisits). */
  testToken?: string;
}

export type CastIdentity = { kind: 'user'; userId: string; username: string } | { kind: 'anonymous' };

export interface CastParams {
  kasmUrl: string | null;
  network: string | null;
  remoteApp: { name: string; args: string } | null;
}

/** After the body policy. */
export type BodyContext = CastInput & { body: CastBody };
/** After the link policy: the casting link exists, is enabled and valid. */
export type LinkContext = BodyContext & {
  config: CastConfigEntity;
  /** X-RateLimit-* for the answer, once the rate-limit policy has counted this request. */
  rateHeaders?: Record<string, string>;
};
/** After the identity policy: who casts. */
export type IdentifiedContext = LinkContext & { identity: CastIdentity };
/** After every policy: what the launch needs. */
export type ReadyContext = IdentifiedContext & { params: CastParams };

/** Reads a CastInput from an Express request (the only place the pipeline touches HTTP). */
export function castInputFrom(req: Request & { principal?: Principal }): CastInput {
  const forwardedHost =
    req.ips.length > 0 ? req.get('x-forwarded-host')?.split(',')[0]?.trim() || undefined : undefined;
  const queryReferrer = req.query['referrer'];
  const fetchSite = req.headers['sec-fetch-site'];
  return {
    key: String(req.params['key'] ?? ''),
    rawBody: req.body as unknown,
    ip: req.ip ?? '',
    principal: req.principal ?? null,
    queryReferrer: typeof queryReferrer === 'string' ? queryReferrer : undefined,
    http: {
      isJson: Boolean(req.is('application/json')),
      hasAuthCookie: readCookie(req, AUTH_COOKIE) !== undefined,
      origin: req.headers.origin,
      fetchSite: typeof fetchSite === 'string' ? fetchSite : undefined,
      host: req.headers.host,
      forwardedHost,
    },
  };
}
