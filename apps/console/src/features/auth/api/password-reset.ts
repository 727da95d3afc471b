import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

const byToken = (token: string) => ({ params: { path: { token } } });

/** `POST /v1/password-resets` `{ email }` → 202 whether or not the email has an account. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: async (email: string) => unwrap(await api.POST('/v1/password-resets', { body: { email } })),
  });
}

/** `GET /v1/password-resets/{token}`: whether the link is still good (404, 410 otherwise). */
export function usePasswordReset(token: string) {
  return useQuery({
    queryKey: ['password-reset', token],
    queryFn: async () => unwrap(await api.GET('/v1/password-resets/{token}', byToken(token))),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** `POST /v1/password-resets/{token}` `{ password }`. */
export function useSetPasswordByReset(token: string) {
  return useMutation({
    mutationFn: async (password: string) =>
      unwrap(await api.POST('/v1/password-resets/{token}', { ...byToken(token), body: { password } })),
  });
}
