import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { unwrap } from '../../../lib/http';
import { SESSION_KEY, type SessionPrincipal } from './session';

export type NotificationMode = SessionPrincipal['notificationMode'];

/** `PUT /v1/sessions/current/preferences`: the signed-in person's own notification mode. */
export function useSetNotificationMode() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (notificationMode: NotificationMode) =>
      unwrap(await api.PUT('/v1/sessions/current/preferences', { body: { notificationMode } })).principal,
    onSuccess: (principal) => client.setQueryData(SESSION_KEY, principal),
  });
}
