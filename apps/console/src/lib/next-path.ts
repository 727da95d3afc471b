/** Where the console starts when there is nowhere else to go. */
export const HOME = '/inbox';

/**
 * The page to land on after signing in, from `?next=`: only a path inside this app (`/journeys/…`
 * or `/console/journeys/…`), never another site (`//evil`, `https://…`, `/\evil`) nor the sign-in
 * pages themselves. Anything else goes home.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return HOME;
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return HOME;
  let path = next;
  if (path === '/console' || path.startsWith('/console/')) path = path.slice('/console'.length) || '/';
  if (!path.startsWith('/') || path.startsWith('//')) return HOME;
  if (/^\/(login|invitation|password-reset)(\/|\?|$)/.test(path) || path === '/') return HOME;
  return path;
}
