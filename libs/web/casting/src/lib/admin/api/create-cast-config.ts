import { type CastConfig, type CastConfigInput } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { CASTING_BASE, useCastingMutation } from './casting-paths';

/** What the form sends: every option; the key may be left out on create (the API makes one). */
export type CastConfigBody = Omit<CastConfigInput, 'key'> & { key?: string };

export function createCastConfig(body: CastConfigBody): Promise<CastConfig> {
  return apiFetch<CastConfig>(CASTING_BASE, { method: 'POST', body });
}

export function useCreateCastConfig() {
  return useCastingMutation(createCastConfig);
}
