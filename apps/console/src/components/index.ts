export { AppLayout } from './app-layout';
export { LanguageSwitch } from './language-switch';
export { RequireSession } from './require-session';
export { PageState } from './page-state';
export { useSession, type SessionPrincipal } from '../features/auth/api/session';
export { usePrincipal } from './use-principal';
