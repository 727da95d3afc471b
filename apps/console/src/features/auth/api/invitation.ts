import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';

export interface Invitation {
  name: string;
  email: string;
  expiresAt: string;
}

/** `GET /v1/invitations/{token}`: 404 unknown or used, 410 expired (thrown as ApiError). */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => request<Invitation>('GET', `/v1/invitations/${encodeURIComponent(token)}`),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** `POST /v1/invitations/{token}` `{ password }`: sets the password, does not sign in. */
export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      request<unknown>('POST', `/v1/invitations/${encodeURIComponent(token)}`, { password }),
  });
}
