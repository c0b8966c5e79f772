import { type CastConfig } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { castConfigPath, useCastingMutation } from './casting-paths';

export function rotateCastKey(id: string): Promise<CastConfig> {
  return apiFetch<CastConfig>(`${castConfigPath(id)}/rotate-key`, { method: 'POST' });
}

export function useRotateCastKey() {
  return useCastingMutation(rotateCastKey);
}
