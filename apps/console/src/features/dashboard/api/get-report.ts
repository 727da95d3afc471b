import type { components } from '@uplift/api-client';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type RoundReport = components['schemas']['RoundReport'];

/**
 * `GET /v1/rounds/{id}/report`: the regulator's figures and paragraph of the round, within the
 * caller's scope, inside the division drilled into when there is one.
 */
export function useRoundReport(id: string, regionCode: string | undefined) {
  return useQuery({
    queryKey: ['round-report', id, regionCode ?? null],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/rounds/{id}/report', {
          params: { path: { id }, query: regionCode ? { regionCode } : {} },
        }),
      ),
  });
}
