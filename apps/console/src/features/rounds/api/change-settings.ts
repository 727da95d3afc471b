import type { paths } from '@uplift/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';
import { roundChangesKey } from './get-round-changes';

export type RoundSettingsChange =
  paths['/v1/rounds/{id}/settings']['patch']['requestBody']['content']['application/json'];

/** `PATCH /v1/rounds/{id}/settings`: the round and its changes are read again after. */
export function useChangeRoundSettings(roundId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: RoundSettingsChange) =>
      unwrap(await api.PATCH('/v1/rounds/{id}/settings', { params: { path: { id: roundId } }, body })),
    onSuccess: (round) => {
      client.setQueryData(['round', roundId], round);
      void client.invalidateQueries({ queryKey: roundChangesKey(roundId) });
      void client.invalidateQueries({ queryKey: ['rounds'] });
    },
  });
}
