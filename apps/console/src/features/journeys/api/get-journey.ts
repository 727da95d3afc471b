import { queryOptions, useQuery } from '@tanstack/react-query';
import type { components } from '@uplift/api-client';
import { api } from '../../../lib/api-client';
import { ApiError } from '../lib/api-error';

export type Journey = components['schemas']['Journey'];

export const journeyKey = (id: string) => ['journeys', id] as const;

export const journeyQuery = (id: string) =>
  queryOptions({
    queryKey: journeyKey(id),
    queryFn: async (): Promise<Journey> => {
      const { data, error, response } = await api.GET('/v1/journeys/{id}', { params: { path: { id } } });
      if (error !== undefined || data === undefined) throw new ApiError(response.status, error);
      return data as Journey;
    },
  });

export function useJourney(id: string) {
  return useQuery(journeyQuery(id));
}
