import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

const byToken = (token: string) => ({ params: { path: { token } } });

/** `GET /v1/invitations/{token}`: 404 unknown or used, 410 expired (thrown as ApiError). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: async () => unwrap(await api.GET('/v1/invitations/{token}', byToken(token))),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** `POST /v1/invitations/{token}` `{ password }`: sets the password, does not sign in. */
export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: async (password: string) =>
      unwrap(await api.POST('/v1/invitations/{token}', { ...byToken(token), body: { password } })),
  });
}
