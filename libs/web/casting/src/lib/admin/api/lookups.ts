import { type Group, type Page, type ServerSettings, type Workspace } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/** Enough for a picker; casting links rarely outnumber this many workspaces or groups. */
export const LOOKUP_PAGE_SIZE = 100;

export function useWorkspaceChoices() {
  const query = { pageSize: LOOKUP_PAGE_SIZE };
  return useQuery({
    queryKey: queryKeys.admin.workspaces.list(query),
    queryFn: ({ signal }) => apiFetch<Page<Workspace>>('/api/admin/workspaces', { query, signal }),
  });
}

export function useGroupChoices() {
  const query = { pageSize: LOOKUP_PAGE_SIZE };
  return useQuery({
    queryKey: queryKeys.admin.groups.list(query),
    queryFn: ({ signal }) => apiFetch<Page<Group>>('/api/admin/groups', { query, signal }),
  });
}

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
