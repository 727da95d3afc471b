import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError, request } from '../../../lib/http';

/** The person signed in, as `GET /v1/sessions/current` answers. */
export interface SessionPrincipal {
  id: string;
  role: 'admin' | 'regulator' | 'certification_body';
  name: string;
  email: string;
  regionCode?: string | null;
  certificationBodyId?: string | null;
  /** The body's name, when the API gives it with the principal. */
  certificationBodyName?: string | null;
}

export const SESSION_KEY = ['session'] as const;

/** `null` when nobody is signed in (401); any other failure is an error to show. */
async function fetchSession(): Promise<SessionPrincipal | null> {
  try {
    const { principal } = await request<{ principal: SessionPrincipal }>('GET', '/v1/sessions/current');
    return principal;
  } catch (err) {
    if (isApiError(err, 401)) return null;
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      request<{ principal: SessionPrincipal }>('POST', '/v1/sessions', body),
    onSuccess: ({ principal }) => {
      client.clear();
      client.setQueryData(SESSION_KEY, principal);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request<void>('DELETE', '/v1/sessions/current'),
    onSettled: () => {
      client.clear();
      client.setQueryData(SESSION_KEY, null);
    },
  });
}
