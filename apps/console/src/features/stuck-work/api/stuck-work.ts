import type { components } from '@uplift/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type StuckActivity = components['schemas']['StuckActivity'];

const stuckWorkKey = ['stuck-work'] as const;

/** The thresholds; either left out is the API's default (10 failures, 60 minutes). */
export interface StuckThresholds {
  minAttempts?: number;
  olderThanMinutes?: number;
}

/** `GET /v1/stuck-work`: what failed at least `minAttempts` times or for `olderThanMinutes`. */
export function useStuckWork(thresholds: StuckThresholds) {
  return useQuery({
    queryKey: [...stuckWorkKey, thresholds],
    queryFn: async () => unwrap(await api.GET('/v1/stuck-work', { params: { query: thresholds } })),
    // Attempts and errors change on Temporal's schedule, not the person's: keep the list fresh.
    refetchInterval: 15_000,
  });
}

/** `POST /v1/stuck-work/{id}/skip`: the email is never sent, and the journey goes on. */
export function useSkipStuckWork() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.POST('/v1/stuck-work/{id}/skip', {
          params: { path: { id } },
          headers: { 'idempotency-key': crypto.randomUUID() },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stuckWorkKey }),
  });
}

/** `POST /v1/stuck-work/{id}/retry`: its next attempt runs now rather than after the backoff. */
export function useRetryStuckWork() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.POST('/v1/stuck-work/{id}/retry', {
          params: { path: { id } },
          headers: { 'idempotency-key': crypto.randomUUID() },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stuckWorkKey }),
  });
}
