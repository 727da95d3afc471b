import { timingSafeEqual, createHash } from 'node:crypto';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** A registry of the process's own metrics (CPU, memory, event loop lag, GC, handles) to add to. */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Whether a scrape may read the metrics: anyone when no token is configured (Prometheus usually
 * scrapes a private network without credentials), else only `Authorization: Bearer <token>`.
 */
export function metricsAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (given === undefined) return false;
  // Hashes have one length, so the comparison takes the same time whatever was sent.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** Prometheus text expositions from several sources as one: each ends with exactly one newline. */
export function joinExpositions(parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `${p}\n`)
    .join('');
}
