import { useOutletContext } from 'react-router';
import type { SessionPrincipal } from '../features/auth/api/session';

/**
 * The person signed in, for any page under the shell (routes/shell.tsx renders pages inside
 * RequireSession and AppLayout, and passes the principal down as the outlet's context).
 */
export function usePrincipal(): SessionPrincipal {
  return useOutletContext<SessionPrincipal>();
}
