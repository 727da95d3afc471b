import type { components, operations } from '@uplift/api-client';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

type ListQuery = NonNullable<operations['getV1Journeys']['parameters']['query']>;

/** The inbox's filters, as the URL keeps them. */
export interface InboxFilters {
  roundId?: string;
  stage?: string;
  regionCode?: string;
  q?: string;
}

/** A journey as the list answers it, with what is due, how late, and the reminders sent. */
export type InboxJourney = components['schemas']['Journey'];
export type InboxSummary = components['schemas']['JourneySummary'];

export const INBOX_PAGE = 50;

/** Waiting for me (`mustAct=me`), within the filters. */
function query(filters: InboxFilters): ListQuery {
  return {
    mustAct: 'me',
    roundId: filters.roundId,
    stage: filters.stage as ListQuery['stage'],
    regionCode: filters.regionCode,
    q: filters.q,
  };
}

/** `GET /v1/journeys?mustAct=me&sort=deadline`: the overdue first (earliest deadline), a page at a time. */
export function useInbox(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: ['inbox', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/v1/journeys', {
          params: { query: { ...query(filters), sort: 'deadline', limit: INBOX_PAGE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** `GET /v1/journeys/summary`: overdue, due within 7 days, and all, for the same filters. */
export function useInboxSummary(filters: InboxFilters) {
  return useQuery({
    queryKey: ['inbox-summary', filters],
    queryFn: async () => unwrap(await api.GET('/v1/journeys/summary', { params: { query: query(filters) } })),
    placeholderData: keepPreviousData,
  });
}
