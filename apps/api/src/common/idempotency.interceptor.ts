import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
  type OnModuleDestroy,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ConflictError, InvalidInputError, checkInputText, fieldError } from '@uplift/domain';
import type { IdempotencyStorage } from '@uplift/persistence';
import type { AuthenticatedRequest } from './auth.decorators';
import { annotateAudit } from './audit';
import { toErrorBody } from './error.filter';
import { requestLocale } from './locale';
import { ReplayedAnswer } from './replayed-answer';
import { assignUpdateId, updateIdFor } from './step-identity';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The provider of the interceptor's IdempotencyStorage (app.module: the PostgreSQL table). */
export const IDEMPOTENCY_STORAGE = Symbol('IDEMPOTENCY_STORAGE');
const REDACT_ON_REPLAY = 'uplift:redact-on-replay';
/** A key: 1 to this many visible ASCII characters (the OpenAPI document states the same). */
export const IDEMPOTENCY_KEY_MAX = 255;
export const IDEMPOTENCY_KEY_SHAPE = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX}}$`);

export const IDEMPOTENCY_TIMING = {
  /** How long a repeat waits for the first request with its key to finish before answering 409. */
  waitMs: 60_000,
  pollMs: 50,
  /**
   * A claim whose heartbeat stopped this long ago belonged to a process that died mid-request (an
   * API killed between accepting a step and answering it): a repeat takes it over and runs the
   * request again. Steps are Updates whose id derives from the key, so Temporal applies a step at
   * most once. Three missed heartbeats, so a busy process or a slow query is not taken for dead.
   */
  leaseMs: 15_000,
  /** How often the process running a request renews its claim's heartbeat. */
  renewMs: 5_000,
};

/**
 * What makes two requests under one key the same request: method, URL and body. A body read as
 * bytes (a CSV import) is its bytes and the Content-Type that says how to read them.
 */
export function requestHashOf(method: string, url: string, body: unknown, contentType?: string): string {
  if (Buffer.isBuffer(body)) {
    const bytes = createHash('sha256').update(body).digest('hex');
    return createHash('sha256')
      .update(JSON.stringify([method, url, { contentType: contentType ?? null, sha256: bytes }]))
      .digest('hex');
  }
  return createHash('sha256')
    .update(JSON.stringify([method, url, body ?? null]))
    .digest('hex');
}

/**
 * Fields of the answer that are secrets shown once (a new API key): not stored, so a replay answers
 * without them (`null`).
 */
export const RedactOnReplay = (...fields: string[]) => SetMetadata(REDACT_ON_REPLAY, fields);

type Request = FastifyRequest & AuthenticatedRequest;

/**
 * `Idempotency-Key` on every POST a principal makes. The key is claimed by inserting its row
 * (`in_progress`) before the request runs; a repeat finds the row and, once the first finishes,
 * answers exactly as it did (status and body) without running again. A repeat with another method,
 * URL or body is a 409. Answers below 500 are kept (they changed nothing, or changed it once); a
 * 5xx releases the key so a retry runs afresh.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private readonly purgeTimer: NodeJS.Timeout;

  constructor(
    @Inject(IDEMPOTENCY_STORAGE) private readonly store: IdempotencyStorage,
    private readonly reflector: Reflector,
  ) {
    this.purgeTimer = setInterval(() => {
      this.store.purge().catch((err) => this.logger.warn(`purge failed: ${(err as Error).message}`));
    }, 3_600_000);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    // Public routes have no principal to scope keys by; their own tokens make them single-use.
    if (request.method !== 'POST' || header === undefined || !request.principal) return next.handle();
    const redact = this.reflector.get<string[] | undefined>(REDACT_ON_REPLAY, context.getHandler()) ?? [];
    return from(this.run(request, http.getResponse<FastifyReply>(), String(header), redact, next));
  }

  private async run(
    request: Request,
    reply: FastifyReply,
    key: string,
    redact: string[],
    next: CallHandler,
  ): Promise<unknown> {
    if (!IDEMPOTENCY_KEY_SHAPE.test(key)) {
      throw new InvalidInputError(
        [fieldError('header.idempotency-key', 'idempotency_key.format')],
        'invalid header',
      );
    }
    // A body the route's pipe will refuse for its depth cannot be hashed safely; it changes nothing anyway.
    // Bytes (a CSV import) are hashed as they are; walking them as an object would visit every byte.
    if (!Buffer.isBuffer(request.body) && checkInputText(request.body).length > 0)
      return lastValueFrom(next.handle(), { defaultValue: undefined });
    const principalId = request.principal!.id;
    const requestHash = requestHashOf(
      request.method,
      request.url,
      request.body,
      request.headers['content-type'],
    );

    const until = Date.now() + IDEMPOTENCY_TIMING.waitMs;
    for (;;) {
      if (await this.store.claim(principalId, key, requestHash)) {
        return this.execute(request, principalId, key, requestHash, reply, redact, next);
      }
      const stored = await this.store.find(principalId, key);
      if (!stored) continue; // released between the claim and the read: claim again
      if (stored.requestHash !== requestHash) {
        throw ConflictError.of('idempotency.key_reused');
      }
      if (stored.state === 'done') {
        void reply.header('idempotent-replayed', 'true');
        annotateAudit(request, { idempotentReplay: true });
        const body = stored.response === null ? undefined : JSON.parse(stored.response);
        if (stored.statusCode! >= 400) throw new ReplayedAnswer(stored.statusCode!, body);
        void reply.status(stored.statusCode!);
        return body;
      }
      if (stored.heartbeatAgeMs > IDEMPOTENCY_TIMING.leaseMs) {
        // Nobody runs this request any more: run it here, under the same Update id as the first.
        if (await this.store.takeOver(principalId, key, IDEMPOTENCY_TIMING.leaseMs)) {
          this.logger.warn(`took over an abandoned Idempotency-Key claim of principal ${principalId}`);
          return this.execute(request, principalId, key, requestHash, reply, redact, next);
        }
        continue;
      }
      if (Date.now() > until) {
        throw ConflictError.of('idempotency.in_progress');
      }
      await new Promise((r) => setTimeout(r, IDEMPOTENCY_TIMING.pollMs));
    }
  }

  private async execute(
    request: Request,
    principalId: string,
    key: string,
    requestHash: string,
    reply: FastifyReply,
    redact: string[],
    next: CallHandler,
  ): Promise<unknown> {
    let body: unknown;
    // The claim's heartbeat: while it beats, a repeat waits for this answer instead of taking over.
    const renewal = setInterval(() => {
      this.store.renew(principalId, key).catch(() => undefined);
    }, IDEMPOTENCY_TIMING.renewMs);
    renewal.unref();
    // A step route passes this id to its Update: a repeat run anywhere carries the same one.
    assignUpdateId(request, updateIdFor(principalId, key, requestHash));
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (err) {
      clearInterval(renewal);
      // Stored as told to this request: a repeat answers as the first did, in its language.
      const answer = toErrorBody(err, requestLocale(request));
      if (answer.statusCode < 500) {
        await this.store.complete(principalId, key, answer.statusCode, JSON.stringify(answer));
      } else {
        await this.store.release(principalId, key).catch(() => undefined);
      }
      throw err;
    }
    clearInterval(renewal);
    const kept =
      redact.length > 0 && body && typeof body === 'object'
        ? { ...body, ...Object.fromEntries(redact.map((f) => [f, null])) }
        : body;
    try {
      await this.store.complete(
        principalId,
        key,
        reply.statusCode,
        kept === undefined ? null : JSON.stringify(kept),
      );
    } catch (err) {
      // The request did what it was asked; a repeat waits, then runs again once the lease lapses.
      this.logger.error(`could not store the answer under an Idempotency-Key: ${(err as Error).message}`);
    }
    return body;
  }
}
