import { type ServerSettings } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

export function useServerSettings() {
  return useQuery({
    queryKey: queryKeys.admin.settings(),
    queryFn: ({ signal }) => apiFetch<ServerSettings>('/api/admin/settings', { signal }),
  });
}

/** The CAPTCHA a link can require works only once Settings has a provider and both keys. */
export function captchaKeysSet(settings: ServerSettings): boolean {
  return Boolean(settings.captchaProvider && settings.captchaSiteKey && settings.captchaSecretKeySet);
}
