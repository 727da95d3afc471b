import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

const current = new AsyncLocalStorage<string>();

/**
 * The Temporal Update id of a step made under an Idempotency-Key. Temporal applies an Update id at
 * most once per journey and answers a repeat with the first outcome, so a step repeated after the
 * API died between sending it and answering is not applied twice, whichever process runs the repeat.
 * The request's hash is part of it (a repeat has the same, or it is a 409 before it gets here): a key
 * reused for another step once its row is past retention must not be answered with the old outcome.
 */
export function updateIdFor(principalId: string, key: string, requestHash: string): string {
  const digest = createHash('sha256').update(`${principalId}\0${key}\0${requestHash}`).digest('hex');
  return `idem-${digest.slice(0, 40)}`;
}

/** Runs `work` (the route handler) with the Update id its step should carry. */
export function withUpdateId<T>(updateId: string, work: () => Promise<T>): Promise<T> {
  return current.run(updateId, work);
}

/** The Update id for the step being handled, if the request carries an Idempotency-Key. */
export function currentUpdateId(): string | undefined {
  return current.getStore();
}
