import type { components, operations } from '@uplift/api-client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type AuditEntry = components['schemas']['AuditEntry'];
/** The API's own filters, as the page's address carries them. */
export type AuditFilters = Omit<
  NonNullable<operations['getV1Audit']['parameters']['query']>,
  'cursor' | 'limit'
>;

const PAGE = 50;

/** `GET /v1/audit`: newest first, a page at a time (`nextCursor`). */
export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/v1/audit', { params: { query: { ...filters, limit: PAGE, cursor: pageParam } } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
