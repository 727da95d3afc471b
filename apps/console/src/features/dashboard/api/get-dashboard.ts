import type { components } from '@uplift/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type RoundDashboard = components['schemas']['RoundDashboard'];
export type DashboardFigures = RoundDashboard['totals'];

/** `GET /v1/rounds/{id}/dashboard`, narrowed to `regionCode` when given (the region drill-down). */
export function useRoundDashboard(id: string, regionCode: string | undefined) {
  return useQuery({
    queryKey: ['round-dashboard', id, regionCode ?? null],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/rounds/{id}/dashboard', {
          params: { path: { id }, query: regionCode ? { regionCode } : {} },
        }),
      ),
    // The figures of the level above stay on screen while the next level loads.
    placeholderData: keepPreviousData,
  });
}
