import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { ApiError } from '../lib/api-error';
import { historyKey } from './get-history';

/** Emails the enterprise a new link to evaluation `n`; the previous link stops working. */
export function useResendLink(journeyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (n: number) => {
      const { error, response } = await api.POST('/v1/journeys/{id}/evaluations/{n}/link', {
        params: { path: { id: journeyId, n } },
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      if (error !== undefined) throw new ApiError(response.status, error);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: historyKey(journeyId) }),
  });
}
