import type { UpliftConfig } from '@uplift/config';
import { SESSION_COOKIE } from '../common/principal-lookup';

/** `Secure` when the console is served over https (PUBLIC_BASE_URL), so a plain-http dev stack works. */
function secure(config: UpliftConfig): boolean {
  return config.PUBLIC_BASE_URL.startsWith('https:');
}

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, for the session's absolute lifetime. */
export function sessionCookie(token: string, maxAgeSeconds: number, config: UpliftConfig): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure(config) ? ['Secure'] : []),
  ].join('; ');
}

/** Clears the session cookie in the browser. */
export function clearedSessionCookie(config: UpliftConfig): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'Max-Age=0',
    'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure(config) ? ['Secure'] : []),
  ].join('; ');
}
