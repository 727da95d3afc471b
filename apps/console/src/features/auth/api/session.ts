import type { components } from '@uplift/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { isApiError, unwrap } from '../../../lib/http';

/** The person signed in, as `GET /v1/sessions/current` answers (with their body's name). */
export type SessionPrincipal = components['schemas']['AccountPrincipal'];

export const SESSION_KEY = ['session'] as const;

/** `null` when nobody is signed in (401); any other failure is an error to show. */
async function fetchSession(): Promise<SessionPrincipal | null> {
  try {
    return unwrap(await api.GET('/v1/sessions/current')).principal;
  } catch (err) {
    if (isApiError(err, 401)) return null;
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

/** `POST /v1/sessions`: 401 for a wrong email or password alike, 429 with Retry-After when locked. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string }) =>
      unwrap(await api.POST('/v1/sessions', { body })),
    onSuccess: ({ principal }) => {
      client.clear();
      client.setQueryData(SESSION_KEY, principal);
    },
  });
}

/** `DELETE /v1/sessions/current`; whatever the answer, this browser forgets what it showed. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const result = await api.DELETE('/v1/sessions/current');
      if (!result.response.ok && result.response.status !== 401) unwrap(result);
    },
    onSettled: () => {
      client.clear();
      client.setQueryData(SESSION_KEY, null);
    },
  });
}
