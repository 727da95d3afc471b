import type { components } from '@uplift/api-client';
import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type Round = components['schemas']['Round'];

/** `GET /v1/rounds`: the rounds in my scope, a page at a time (`regionCode`: inside that division). */
export function useRounds(status?: 'open' | 'closed', regionCode?: string) {
  return useInfiniteQuery({
    queryKey: ['rounds', status ?? 'all', regionCode ?? ''],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/v1/rounds', {
          params: { query: { status, regionCode, limit: 100, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * `GET /v1/rounds/{id}`: the round with its journeys counted by stage. `pollWhileLaunching`: read
 * again every second until every imported journey's workflow has started.
 */
export function useRound(id: string, options: { pollWhileLaunching?: boolean } = {}) {
  return useQuery({
    queryKey: ['round', id],
    queryFn: async () => unwrap(await api.GET('/v1/rounds/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => {
      const launch = query.state.data?.launch;
      return options.pollWhileLaunching && (!launch || launch.started < launch.total) ? 1000 : false;
    },
  });
}

/**
 * Names of the rounds `ids` name, from the list when it has them, else one `GET /v1/rounds/{id}`
 * each (a body's inbox spans a few rounds).
 */
export function useRoundNames(ids: string[], listed: Round[]): (id: string) => string | undefined {
  const known = new Map(listed.map((r) => [r.id, r.name]));
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  const fetched = useQueries({
    queries: missing.map((id) => ({
      queryKey: ['round', id],
      queryFn: async () => unwrap(await api.GET('/v1/rounds/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  for (const q of fetched) if (q.data) known.set(q.data.id, q.data.name);
  return (id) => known.get(id);
}
