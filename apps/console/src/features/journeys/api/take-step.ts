import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api } from '../../../lib/api-client';
import { ApiError } from '../lib/api-error';
import { journeyKey } from './get-journey';

/** The step routes under /v1/journeys/{id}/ the console's forms take. */
export type StepPath =
  | 'diagnosis'
  | 'assistance-plan'
  | 'assistance-progress'
  | 'assistance-completion'
  | 'certification'
  | 'reassignment'
  | 'assignee'
  | `evaluations/${number}`;

type StepAnswer = { data?: unknown; error?: unknown; response: Response };

/**
 * Each form's route, typed by the client. A form's values are checked against the route's own schema
 * before they are sent (use-step-form.ts), so the body is handed on as the route takes it.
 */
function postStep(id: string, path: StepPath, body: unknown, key: string): Promise<StepAnswer> {
  const init = { params: { path: { id } }, body: body as never, headers: { 'idempotency-key': key } };
  switch (path) {
    case 'diagnosis':
      return api.POST('/v1/journeys/{id}/diagnosis', init);
    case 'assistance-plan':
      return api.POST('/v1/journeys/{id}/assistance-plan', init);
    case 'assistance-progress':
      return api.POST('/v1/journeys/{id}/assistance-progress', init);
    case 'assistance-completion':
      return api.POST('/v1/journeys/{id}/assistance-completion', init);
    case 'certification':
      return api.POST('/v1/journeys/{id}/certification', init);
    case 'reassignment':
      return api.POST('/v1/journeys/{id}/reassignment', init);
    case 'assignee':
      return api.POST('/v1/journeys/{id}/assignee', init);
    default: {
      const n = Number(path.slice('evaluations/'.length));
      return api.POST('/v1/journeys/{id}/evaluations/{n}', { ...init, params: { path: { id, n } } });
    }
  }
}

/**
 * Takes one step. Each attempt carries an `Idempotency-Key`: made once for a set of values and reused
 * when the same values are sent again (a retry, a second click), so the step applies once; new
 * values get a new key. The journey, its history and the inbox are read again after success.
 */
export function useTakeStep(journeyId: string, path: StepPath) {
  const queryClient = useQueryClient();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const mutation = useMutation({
    mutationFn: async (body: unknown) => {
      const text = JSON.stringify(body);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: crypto.randomUUID() };
      const { data, error, response } = await postStep(journeyId, path, body, attempt.current.key);
      if (error !== undefined) throw new ApiError(response.status, error);
      attempt.current = null;
      return data;
    },
    onSettled: async (_data, error) => {
      // A refusal because the journey moved on (409) shows the journey as it is now.
      if (error && !(error instanceof ApiError && error.status === 409)) return;
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: journeyKey(journeyId) }),
        queryClient.invalidateQueries({ queryKey: ['journeys'] }),
        queryClient.invalidateQueries({ queryKey: ['inbox'] }),
      ]);
    },
  });
  return mutation;
}
