import type { components, operations } from '@uplift/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';
import type { listFilter } from './journeys-table';

type CreateBody = NonNullable<operations['postV1Batches']['requestBody']>['content']['application/json'];
export type BatchAction = CreateBody['action'];
export const BATCH_ACTIONS: readonly BatchAction[] = [
  'screening-decision',
  'assignment',
  'reassignment',
  'withdrawal',
];

export type Batch = components['schemas']['Batch'];

/** The journeys a batch acts on: those picked, or everything the filter matches when it is made. */
export type BatchTarget = { journeyIds: string[] } | { filter: ReturnType<typeof listFilter> };

export interface NewBatch {
  roundId: string;
  action: BatchAction;
  target: BatchTarget;
  payload: CreateBody['payload'];
}

/** `POST /v1/batches`: the bulk action runs in the background; the answer names the batch to watch. */
export function useCreateBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ roundId, action, target, payload }: NewBatch) =>
      unwrap(
        await api.POST('/v1/batches', {
          body:
            'journeyIds' in target
              ? { roundId, action, journeyIds: target.journeyIds, payload }
              : { roundId, action, filter: target.filter, payload },
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['journeys-table'] }),
  });
}

/** `GET /v1/batches/{id}?outcome=refused`: the counts and the refusals, polled each second until done. */
export function useBatch(id: string) {
  return useQuery({
    queryKey: ['batch', id],
    queryFn: async () =>
      unwrap(await api.GET('/v1/batches/{id}', { params: { path: { id }, query: { outcome: 'refused' } } })),
    refetchInterval: (q) => (q.state.data?.status === 'done' ? false : 1000),
  });
}
