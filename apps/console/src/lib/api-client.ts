import { createUpliftClient } from '@uplift/api-client';
import { currentLocale } from './i18n';

/**
 * The console's one client: same origin, so the session cookie goes with every call (HttpOnly, the
 * page never sees it); messages come back in the person's language.
 */
export const api = createUpliftClient({ baseUrl: window.location.origin });

api.use({
  onRequest({ request }) {
    request.headers.set('accept-language', currentLocale());
    return request;
  },
});
