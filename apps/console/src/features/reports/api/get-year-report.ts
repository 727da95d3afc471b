import type { components } from '@uplift/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type YearReport = components['schemas']['YearReport'];
export type YearReportRow = YearReport['breakdowns']['industry'][number];
export type YearReportRegionRow = YearReport['breakdowns']['region'][number];

/**
 * `GET /v1/reports?year=&regionCode=`: a campaign year's figures for a division (the caller's own when
 * none is given: a regulator's division, the nation for an admin).
 */
export function useYearReport(year: number, regionCode: string | undefined) {
  return useQuery({
    queryKey: ['year-report', year, regionCode ?? null],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/reports', { params: { query: { year, ...(regionCode ? { regionCode } : {}) } } }),
      ),
    // The level above stays on screen while the level drilled into loads.
    placeholderData: keepPreviousData,
  });
}

/**
 * Where the browser downloads the same report as a file (`format=csv|xlsx`): a plain GET on the same
 * origin, so the session cookie goes with it and the browser saves what Content-Disposition names.
 */
export function yearReportHref(year: number, regionCode: string, format: 'csv' | 'xlsx'): string {
  return `/v1/reports?${new URLSearchParams({ year: String(year), regionCode, format }).toString()}`;
}
