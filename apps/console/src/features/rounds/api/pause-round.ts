import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';
import { roundChangesKey } from './get-round-changes';

/** `POST /v1/rounds/{id}/pause` (`paused`) or `/resume`: the round and its changes are read again after. */
export function useSetRoundPaused(roundId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (paused: boolean) => {
      const init = { params: { path: { id: roundId } } };
      return unwrap(
        paused
          ? await api.POST('/v1/rounds/{id}/pause', init)
          : await api.POST('/v1/rounds/{id}/resume', init),
      );
    },
    onSuccess: (round) => {
      client.setQueryData(['round', roundId], round);
      void client.invalidateQueries({ queryKey: roundChangesKey(roundId) });
    },
  });
}
