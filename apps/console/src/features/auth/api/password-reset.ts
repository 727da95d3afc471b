import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';

/** `POST /v1/password-resets` `{ email }` → 202 whether or not the email has an account. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => request<unknown>('POST', '/v1/password-resets', { email }),
  });
}

/** `GET /v1/password-resets/{token}`: whether the link is still good (404, 410 otherwise). */
export function usePasswordReset(token: string) {
  return useQuery({
    queryKey: ['password-reset', token],
    queryFn: () =>
      request<{ email?: string; name?: string; expiresAt?: string }>(
        'GET',
        `/v1/password-resets/${encodeURIComponent(token)}`,
      ),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** `POST /v1/password-resets/{token}` `{ password }`. */
export function useSetPasswordByReset(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      request<unknown>('POST', `/v1/password-resets/${encodeURIComponent(token)}`, { password }),
  });
}
