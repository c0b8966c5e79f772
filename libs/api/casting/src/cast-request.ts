import type { Request } from 'express';
import type { RequestWithPrincipal } from '@caster/api/core';
import type { CastConfigEntity } from './cast-config.entity';
import type { CastParams } from './guards/cast-params.guard';

/** What the cast guards learn about a request, in order; the launch reads it. */
export interface CastContext {
  config: CastConfigEntity;
  /** The caller: a signed-in user, or 'anonymous' (an account is made at launch). */
  identity?: { kind: 'user'; userId: string; username: string } | { kind: 'anonymous' };
  params?: CastParams;
}

export type CastHttpRequest = Request & RequestWithPrincipal & { cast?: CastContext };

export function castContext(req: CastHttpRequest): CastContext {
  if (!req.cast) throw new Error('cast guards ran out of order');
  return req.cast;
}
