import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { loose } from '../lib/loose-client';
import { ApiError } from '../lib/api-error';

export interface Viewer {
  id: string;
  role: 'admin' | 'regulator' | 'certification_body';
  name: string;
  certificationBodyId?: string | null;
  certificationBody?: { id: string; name: string } | null;
}

/** Who is looking: the page offers the forms of the steps that are this person's to take. */
export function useViewer() {
  return useQuery({
    queryKey: ['sessions', 'current'],
    staleTime: 60_000,
    queryFn: async (): Promise<Viewer> => {
      const { data, error, response } = await loose(api).GET('/v1/sessions/current');
      if (error !== undefined || data === undefined) throw new ApiError(response.status, error);
      return (data as { principal: Viewer }).principal;
    },
  });
}
