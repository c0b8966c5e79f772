import { type CastConfig } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { castConfigPath, useCastingMutation } from './casting-paths';
import { type CastConfigBody } from './create-cast-config';

export function updateCastConfig(id: string, body: Partial<CastConfigBody>): Promise<CastConfig> {
  return apiFetch<CastConfig>(castConfigPath(id), { method: 'PUT', body });
}

export function useUpdateCastConfig(id: string) {
  return useCastingMutation((body: Partial<CastConfigBody>) => updateCastConfig(id, body));
}
