import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api/api-fetch';
import { resetUserCache } from './reset-user-cache';

export function logout(): Promise<void> {
  // An already-expired sign-in is as good as a successful logout: no redirect to #/login for it.
  return apiFetch<void>('/api/auth/logout', { method: 'POST', authRedirect: false });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Forget the user locally even if the request failed, so a shared screen never shows their data.
    onSettled: () => resetUserCache(queryClient, null),
  });
}
