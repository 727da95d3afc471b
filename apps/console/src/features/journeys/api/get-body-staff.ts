import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

/** `GET /v1/certification-bodies/{id}/staff`: the body's active people, by name (a journey's assignees). */
export function useBodyStaff(bodyId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['certification-bodies', bodyId, 'staff'],
    queryFn: async () =>
      unwrap(await api.GET('/v1/certification-bodies/{id}/staff', { params: { path: { id: bodyId ?? '' } } }))
        .items,
    enabled: enabled && !!bodyId,
    staleTime: 60_000,
  });
}
