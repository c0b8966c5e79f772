import { type ServerSettings, type UpdateServerSettingsRequest } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';

/** PUT: only the fields sent change; an omitted CAPTCHA secret stays, null clears it. */
export function updateServerSettings(body: UpdateServerSettingsRequest): Promise<ServerSettings> {
  return apiFetch<ServerSettings>('/api/admin/settings', { method: 'PUT', body });
}

export function useUpdateServerSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateServerSettings,
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.admin.settings(), saved),
  });
}
