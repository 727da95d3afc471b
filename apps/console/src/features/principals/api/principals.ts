import type { components } from '@uplift/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type Principal = components['schemas']['Principal'];
export type CreatedPrincipal = components['schemas']['CreatedPrincipal'];
export type RotatedPrincipal = components['schemas']['RotatedPrincipal'];
export type NewPrincipal = {
  role: Principal['role'];
  name: string;
  email: string;
  regionCode?: string;
  certificationBodyId?: string;
};

export const principalsKey = ['principals'] as const;

/** A fresh key per click: a double click is one call, a second click on purpose is another. */
const once = () => ({ 'idempotency-key': crypto.randomUUID() });

/** `GET /v1/principals`: everyone, revoked too, oldest first. */
export function usePrincipals() {
  return useQuery({
    queryKey: principalsKey,
    queryFn: async () => unwrap(await api.GET('/v1/principals')).items,
  });
}

/** `POST /v1/principals`: the answer carries the key, once. */
export function useCreatePrincipal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewPrincipal) =>
      unwrap(await api.POST('/v1/principals', { body, headers: once() })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: principalsKey }),
  });
}

/** `POST /v1/principals/{id}/invitation`: emails a link to set a password (valid 72 h). */
export function useInvitePrincipal() {
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/v1/principals/{id}/invitation', { params: { path: { id } }, headers: once() })),
  });
}

/** `POST /v1/principals/{id}/revoke`: key and sessions stop working at once. */
export function useRevokePrincipal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/v1/principals/{id}/revoke', { params: { path: { id } }, headers: once() })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: principalsKey }),
  });
}

/** `POST /v1/principals/{id}/key`: a new key, answered once; the old one stops working. */
export function useRotateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/v1/principals/{id}/key', { params: { path: { id } }, headers: once() })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: principalsKey }),
  });
}
