import type { components } from '@uplift/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type CertificationBody = components['schemas']['CertificationBody'];
export interface NewCertificationBody {
  code: string;
  name: string;
  email: string;
  locale?: 'zh-CN' | 'en';
}

/** The journey page's assignment list shares this key: a new body shows there too. */
export const certificationBodiesKey = ['certification-bodies'] as const;

/** `GET /v1/certification-bodies`, by code. */
export function useCertificationBodyList() {
  return useQuery({
    queryKey: [...certificationBodiesKey, 'admin'],
    queryFn: async () => unwrap(await api.GET('/v1/certification-bodies')).items,
  });
}

/** `POST /v1/certification-bodies`. */
export function useCreateCertificationBody() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewCertificationBody) =>
      unwrap(
        await api.POST('/v1/certification-bodies', {
          body,
          headers: { 'idempotency-key': crypto.randomUUID() },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: certificationBodiesKey }),
  });
}
