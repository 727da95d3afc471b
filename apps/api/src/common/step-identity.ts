import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';

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

/** A request as the idempotency interceptor leaves it for the route: with its step's Update id. */
export interface StepIdentity {
  stepUpdateId?: string;
}

/** Hands the route the Update id its step should carry (the idempotency interceptor, before the handler). */
export function assignUpdateId(request: object, updateId: string): void {
  (request as StepIdentity).stepUpdateId = updateId;
}

/**
 * The route parameter holding the Update id of the step being handled; undefined when the request
 * carries no Idempotency-Key. Read when the handler is called, after the interceptor assigned it.
 */
export const StepUpdateId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined =>
    ctx.switchToHttp().getRequest<StepIdentity>().stepUpdateId,
);
