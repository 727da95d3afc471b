import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

const current = new AsyncLocalStorage<string>();

/**
 * The Temporal Update id of a step made under an Idempotency-Key. Temporal applies an Update id at
 * most once per journey and answers a repeat with the first outcome, so a step repeated after the
 * API died between sending it and answering is not applied twice, whichever process runs the repeat.
 */
export function updateIdFor(principalId: string, key: string): string {
  return `idem-${createHash('sha256').update(`${principalId}\0${key}`).digest('hex').slice(0, 40)}`;
}

/** Runs `work` (the route handler) with the Update id its step should carry. */
export function withUpdateId<T>(updateId: string, work: () => Promise<T>): Promise<T> {
  return current.run(updateId, work);
}

/** The Update id for the step being handled, if the request carries an Idempotency-Key. */
export function currentUpdateId(): string | undefined {
  return current.getStore();
}
