import type { components } from '@uplift/api-client';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type RoundChange = components['schemas']['RoundChanges']['items'][number];

export const roundChangesKey = (roundId: string) => ['round', roundId, 'changes'] as const;

/** `GET /v1/rounds/{id}/changes`: settings changes, pauses and resumes, newest first. */
export function useRoundChanges(roundId: string) {
  return useQuery({
    queryKey: roundChangesKey(roundId),
    queryFn: async () =>
      unwrap(await api.GET('/v1/rounds/{id}/changes', { params: { path: { id: roundId } } })).items,
  });
}
