import type { components } from '@uplift/api-client';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';

/** The inbox's filters, as the URL keeps them. */
export interface InboxFilters {
  roundId?: string;
  stage?: string;
  regionCode?: string;
  q?: string;
}

/** A journey as the list answers it, with what is due, how late, and the reminders sent. */
export type InboxJourney = components['schemas']['Journey'] & {
  due?: { step: string; actors: string[] } | null;
  overdueDays?: number | null;
  reminders?: { sent: number } | null;
};

export interface InboxSummary {
  total: number;
  overdue: number;
  dueWithin7Days: number;
}

export const INBOX_PAGE = 50;

/** Waiting for me (`mustAct=me`), within the filters. */
function query(filters: InboxFilters, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams({ mustAct: 'me', ...extra });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params;
}

/** `GET /v1/journeys?mustAct=me&sort=deadline`: the overdue first (earliest deadline), a page at a time. */
export function useInbox(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: ['inbox', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = query(filters, { sort: 'deadline', limit: String(INBOX_PAGE) });
      if (pageParam) params.set('cursor', pageParam);
      return request<{ items: InboxJourney[]; nextCursor: string | null }>('GET', `/v1/journeys?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** `GET /v1/journeys/summary`: overdue, due within 7 days, and all, for the same filters. */
export function useInboxSummary(filters: InboxFilters) {
  return useQuery({
    queryKey: ['inbox-summary', filters],
    queryFn: () => request<InboxSummary>('GET', `/v1/journeys/summary?${query(filters)}`),
    placeholderData: keepPreviousData,
  });
}
