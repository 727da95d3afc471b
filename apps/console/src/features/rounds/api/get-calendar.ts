import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';

/** `GET /v1/calendar`: the bundled working-day calendar's source and the years it covers. */
export function useWorkCalendar() {
  return useQuery({
    queryKey: ['calendar'],
    queryFn: async () => unwrap(await api.GET('/v1/calendar')),
    staleTime: Infinity,
  });
}
