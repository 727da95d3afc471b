import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { ApiError } from '../lib/api-error';

/** The round a journey belongs to (regulators and admins read rounds; others see the journey alone). */
export function useRound(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['rounds', id],
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/rounds/{id}', { params: { path: { id } } });
      if (error !== undefined || data === undefined) throw new ApiError(response.status, error);
      return data;
    },
  });
}
