import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { ApiError } from '../lib/api-error';

export interface HistoryEvent {
  at: string;
  type: string;
  stage: string | null;
  actor: { principalId: string; role: string; name: string } | null;
  summary: string;
  details: Record<string, unknown>;
}

export const historyKey = (id: string) => ['journeys', id, 'history'] as const;

export function useJourneyHistory(id: string) {
  return useQuery({
    queryKey: historyKey(id),
    queryFn: async (): Promise<HistoryEvent[]> => {
      const { data, error, response } = await api.GET('/v1/journeys/{id}/history', {
        params: { path: { id } },
      });
      if (error !== undefined || data === undefined) throw new ApiError(response.status, error);
      return data.events as HistoryEvent[];
    },
    retry: false,
  });
}
