import { type LoginRequest, type LoginResponse } from '@caster/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api/api-fetch';
import { resetUserCache } from './reset-user-cache';

export function login(request: LoginRequest): Promise<LoginResponse> {
  return apiFetch<LoginResponse>('/api/auth/login', { method: 'POST', body: request });
}

/**
 * The API also sets the HttpOnly `caster_token` cookie; `response.token` is for API clients and is
 * deliberately dropped here so no script on the page can read a credential.
 */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => resetUserCache(queryClient, response.user),
  });
}
