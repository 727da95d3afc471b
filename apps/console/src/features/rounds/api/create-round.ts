import type { paths } from '@uplift/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

export type CreateRoundBody = paths['/v1/rounds']['post']['requestBody']['content']['application/json'];

/** `POST /v1/rounds`: opens a round; the rounds list is read again after. */
export function useCreateRound() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateRoundBody) => unwrap(await api.POST('/v1/rounds', { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['rounds'] }),
  });
}
