import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { ApiError } from '../lib/api-error';

/** The bodies a regulator assigns from (admin and regulators may list them; a body knows its own). */
export function useCertificationBodies(enabled: boolean) {
  return useQuery({
    queryKey: ['certification-bodies'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/certification-bodies');
      if (error !== undefined || data === undefined) throw new ApiError(response.status, error);
      return data.items;
    },
  });
}
