import type { components, operations } from '@uplift/api-client';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

type ListQuery = NonNullable<operations['getV1Journeys']['parameters']['query']>;

export type TableJourney = components['schemas']['Journey'];

/** The table's filters, as the URL keeps them (`/console/rounds/:id/journeys?stage=…`). */
export interface TableFilters {
  stage?: string;
  /** `stalled` or `overdue`. */
  state?: string;
  mustAct?: string;
  regionCode?: string;
  /** A body id, or `none` for journeys not assigned yet. */
  certificationBodyId?: string;
  q?: string;
  sort?: string;
}

export const FILTER_KEYS = [
  'stage',
  'state',
  'mustAct',
  'regionCode',
  'certificationBodyId',
  'q',
  'sort',
] as const satisfies readonly (keyof TableFilters)[];

export const TABLE_PAGE = 50;
/** What one export writes at most (the API's cap, `EXPORT_MAX_ROWS`). */
export const EXPORT_MAX_ROWS = 100_000;

/** The list's query for the round and the filters, without order or page. */
export function listFilter(roundId: string, f: TableFilters) {
  return {
    roundId,
    stage: f.stage as ListQuery['stage'],
    stalled: f.state === 'stalled' ? ('true' as const) : undefined,
    overdue: f.state === 'overdue' ? ('true' as const) : undefined,
    mustAct: f.mustAct as ListQuery['mustAct'],
    regionCode: f.regionCode,
    certificationBodyId: f.certificationBodyId,
    q: f.q,
  };
}

const sortOf = (f: TableFilters) => (f.sort === '-deadline' || f.sort === 'deadline' ? f.sort : undefined);

/** `GET /v1/journeys`: the round's journeys the filters match, in the chosen order, a page at a time. */
export function useJourneysTable(roundId: string, filters: TableFilters) {
  return useInfiniteQuery({
    queryKey: ['journeys-table', roundId, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/v1/journeys', {
          params: {
            query: {
              ...listFilter(roundId, filters),
              sort: sortOf(filters),
              limit: TABLE_PAGE,
              cursor: pageParam,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** `GET /v1/journeys/summary`: how many the filters match (what "everything the filter matches" is). */
export function useJourneysCount(roundId: string, filters: TableFilters) {
  return useQuery({
    queryKey: ['journeys-table-count', roundId, filters],
    queryFn: async () =>
      unwrap(await api.GET('/v1/journeys/summary', { params: { query: listFilter(roundId, filters) } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * Where the browser downloads the filtered list as a file: a plain GET on the same origin, so the
 * session cookie goes with it and the browser saves what the API names in Content-Disposition.
 */
export function exportHref(roundId: string, filters: TableFilters, format: 'csv' | 'xlsx'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...listFilter(roundId, filters), sort: sortOf(filters), format }))
    if (v !== undefined && v !== '') params.set(k, v);
  return `/v1/journeys?${params.toString()}`;
}

/** `GET /v1/journeys?escalated=true&sort=escalatedAt`: what was escalated to me, oldest first. */
export function useEscalations() {
  return useInfiniteQuery({
    queryKey: ['escalations'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/v1/journeys', {
          params: { query: { escalated: 'true', sort: 'escalatedAt', limit: TABLE_PAGE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
