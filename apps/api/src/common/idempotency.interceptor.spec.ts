import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, defer } from 'rxjs';
import { ConflictError, InvalidInputError } from '@uplift/domain';
import type { IdempotencyStorage, StoredRequest } from '@uplift/persistence';
import { toErrorBody } from './error.filter';
import { IDEMPOTENCY_TIMING, IdempotencyInterceptor, RedactOnReplay } from './idempotency.interceptor';
import { ReplayedAnswer } from './replayed-answer';
import { updateIdFor, type StepIdentity } from './step-identity';

interface MemoryRow extends Omit<StoredRequest, 'heartbeatAgeMs'> {
  /** When the claim's holder last renewed it (ms since the epoch). */
  heartbeat: number;
}

/** The table's rules in memory: one row per (principal, key), claimed by whoever inserts first. */
class MemoryStorage implements IdempotencyStorage {
  readonly rows = new Map<string, MemoryRow>();
  async claim(p: string, k: string, requestHash: string) {
    if (this.rows.has(`${p}/${k}`)) return false;
    this.rows.set(`${p}/${k}`, {
      requestHash,
      state: 'in_progress',
      statusCode: null,
      response: null,
      heartbeat: Date.now(),
    });
    return true;
  }
  async find(p: string, k: string): Promise<StoredRequest | null> {
    const row = this.rows.get(`${p}/${k}`);
    if (!row) return null;
    const { heartbeat, ...stored } = row;
    return { ...stored, heartbeatAgeMs: Date.now() - heartbeat };
  }
  async takeOver(p: string, k: string, leaseMs: number) {
    const row = this.rows.get(`${p}/${k}`);
    if (row?.state !== 'in_progress' || Date.now() - row.heartbeat < leaseMs) return false;
    row.heartbeat = Date.now();
    return true;
  }
  async renew(p: string, k: string) {
    const row = this.rows.get(`${p}/${k}`);
    if (row?.state === 'in_progress') row.heartbeat = Date.now();
  }
  async complete(p: string, k: string, statusCode: number, response: string | null) {
    Object.assign(this.rows.get(`${p}/${k}`)!, { state: 'done', statusCode, response });
  }
  async release(p: string, k: string) {
    if (this.rows.get(`${p}/${k}`)?.state === 'in_progress') this.rows.delete(`${p}/${k}`);
  }
  async purge() {
    return 0;
  }
}

class Handlers {
  plain() {}
  @RedactOnReplay('apiKey')
  secret() {}
}

function call(
  interceptor: IdempotencyInterceptor,
  run: (request: StepIdentity) => Promise<unknown>,
  options: {
    key?: string;
    body?: unknown;
    principal?: string;
    url?: string;
    handler?: keyof Handlers;
    contentType?: string;
  } = {},
) {
  const headers: Record<string, string> = {};
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const request = {
    method: 'POST',
    url: options.url ?? '/v1/journeys/j1/screening-decision',
    headers,
    body: options.body ?? { decision: 'selected' },
    principal: { id: options.principal ?? 'p1' },
  };
  const reply = {
    statusCode: 200,
    sent: {} as Record<string, string>,
    header(name: string, value: string) {
      this.sent[name] = value;
      return this;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
  };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    getHandler: () => Handlers.prototype[options.handler ?? 'plain'],
  } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => defer(() => run(request as StepIdentity)) };
  return { result: lastValueFrom(interceptor.intercept(context, next)), reply };
}

describe('Idempotency-Key', () => {
  let storage: MemoryStorage;
  let interceptor: IdempotencyInterceptor;

  beforeEach(() => {
    storage = new MemoryStorage();
    interceptor = new IdempotencyInterceptor(storage, new Reflector());
  });
  afterEach(() => interceptor.onModuleDestroy());

  it('runs a request once and answers a repeat as the first, marked as replayed', async () => {
    let runs = 0;
    const handler = async () => ({ version: ++runs });
    expect(await call(interceptor, handler, { key: 'k' }).result).toEqual({ version: 1 });
    const again = call(interceptor, handler, { key: 'k' });
    expect(await again.result).toEqual({ version: 1 });
    expect(again.reply.sent['idempotent-replayed']).toBe('true');
    expect(runs).toBe(1);
  });

  it('makes a concurrent repeat wait for the first and replay its answer', async () => {
    let runs = 0;
    let finish!: () => void;
    const slow = () =>
      new Promise<unknown>((resolve) => {
        runs++;
        finish = () => resolve({ version: 2 });
      });
    const first = call(interceptor, slow, { key: 'k' }).result;
    await new Promise((r) => setTimeout(r, 20));
    const second = call(interceptor, slow, { key: 'k' }).result;
    await new Promise((r) => setTimeout(r, 120));
    finish();
    expect(await Promise.all([first, second])).toEqual([{ version: 2 }, { version: 2 }]);
    expect(runs).toBe(1);
  });

  it('keys a body read as bytes (a CSV import) by its bytes and Content-Type', async () => {
    let runs = 0;
    const handler = async () => ({ accepted: ++runs });
    const csv = (text: string, contentType = 'text/csv') => ({
      key: 'import',
      url: '/v1/rounds/r1/candidates',
      body: Buffer.from(text),
      contentType,
    });
    expect(await call(interceptor, handler, csv('uscc\n1')).result).toEqual({ accepted: 1 });
    const again = call(interceptor, handler, csv('uscc\n1'));
    expect(await again.result).toEqual({ accepted: 1 });
    expect(again.reply.sent['idempotent-replayed']).toBe('true');
    await expect(call(interceptor, handler, csv('uscc\n2')).result).rejects.toBeInstanceOf(ConflictError);
    await expect(
      call(interceptor, handler, csv('uscc\n1', 'text/csv; charset=gb18030')).result,
    ).rejects.toBeInstanceOf(ConflictError);
    expect(runs).toBe(1);
  });

  it('refuses the same key with another body or URL as a conflict', async () => {
    await call(interceptor, async () => ({}), { key: 'k' }).result;
    await expect(
      call(interceptor, async () => ({}), { key: 'k', body: { decision: 'rejected' } }).result,
    ).rejects.toThrow(ConflictError);
    await expect(
      call(interceptor, async () => ({}), { key: 'k', url: '/v1/journeys/j2/screening-decision' }).result,
    ).rejects.toThrow(/different request/);
  });

  it('keeps keys apart per principal', async () => {
    let runs = 0;
    await call(interceptor, async () => ++runs, { key: 'k', principal: 'p1' }).result;
    await call(interceptor, async () => ++runs, { key: 'k', principal: 'p2' }).result;
    expect(runs).toBe(2);
  });

  it('stores a 4xx answer and replays it without running again', async () => {
    let runs = 0;
    const refused = async () => {
      runs++;
      throw new InvalidInputError([{ field: 'reason', message: 'is required' }]);
    };
    await expect(call(interceptor, refused, { key: 'k' }).result).rejects.toThrow(InvalidInputError);
    const replayed = await call(interceptor, refused, { key: 'k' }).result.catch((e: unknown) => e);
    expect(replayed).toBeInstanceOf(ReplayedAnswer);
    expect(toErrorBody(replayed)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'validation failed',
      details: [{ field: 'reason', code: 'invalid', message: 'is required' }],
    });
    expect(runs).toBe(1);
  });

  it('releases the key after a 5xx, so a retry runs afresh', async () => {
    let runs = 0;
    const flaky = async () => {
      if (++runs === 1) throw new Error('database went away');
      return { ok: true };
    };
    await expect(call(interceptor, flaky, { key: 'k' }).result).rejects.toThrow('database went away');
    expect(storage.rows.size).toBe(0);
    expect(await call(interceptor, flaky, { key: 'k' }).result).toEqual({ ok: true });
    expect(runs).toBe(2);
  });

  it('never stores a secret shown once: a replay answers without it', async () => {
    const created = async () => ({ id: 'p9', apiKey: 'upl_12345678_secret' });
    expect(await call(interceptor, created, { key: 'k', handler: 'secret' }).result).toEqual({
      id: 'p9',
      apiKey: 'upl_12345678_secret',
    });
    expect([...storage.rows.values()][0].response).not.toContain('secret');
    expect(await call(interceptor, created, { key: 'k', handler: 'secret' }).result).toEqual({
      id: 'p9',
      apiKey: null,
    });
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters', async () => {
    for (const key of ['', 'a b', 'x'.repeat(256), 'ключ']) {
      await expect(call(interceptor, async () => ({}), { key }).result).rejects.toMatchObject({
        details: [{ field: 'header.idempotency-key' }],
      });
    }
  });

  it('answers 409 when the first request holds the key longer than a repeat waits', async () => {
    const saved = { ...IDEMPOTENCY_TIMING };
    IDEMPOTENCY_TIMING.waitMs = 100;
    try {
      const never = () => new Promise(() => undefined);
      void call(interceptor, never, { key: 'k' }).result;
      await new Promise((r) => setTimeout(r, 10));
      await expect(call(interceptor, never, { key: 'k' }).result).rejects.toThrow(/still in progress/);
    } finally {
      Object.assign(IDEMPOTENCY_TIMING, saved);
    }
  });

  it('keeps a live request’s claim by its heartbeat, and lets a repeat take over a claim whose heartbeat stopped', async () => {
    const saved = { ...IDEMPOTENCY_TIMING };
    Object.assign(IDEMPOTENCY_TIMING, { waitMs: 2000, pollMs: 10, leaseMs: 120, renewMs: 40 });
    try {
      // Alive: a first request slower than the lease beats, so the repeat waits for its answer.
      let runs = 0;
      const slow = () => new Promise((r) => setTimeout(() => r({ run: ++runs }), 400));
      const first = call(interceptor, slow, { key: 'alive' }).result;
      await new Promise((r) => setTimeout(r, 20));
      const repeat = call(interceptor, slow, { key: 'alive' }).result;
      expect(await first).toEqual({ run: 1 });
      expect(await repeat).toEqual({ run: 1 });
      expect(runs).toBe(1);

      // Dead: the first request's process dies mid-request (its handler never settles and its
      // heartbeat stops, as after a SIGKILL); the repeat takes the claim over once the lease lapses
      // and runs the step under the same Update id, so Temporal answers it with the first outcome.
      const updateIds: (string | undefined)[] = [];
      const dies = (request: StepIdentity) => {
        updateIds.push(request.stepUpdateId);
        return new Promise(() => undefined);
      };
      void call(interceptor, dies, { key: 'dead' }).result;
      await new Promise((r) => setTimeout(r, 20));
      expect(storage.rows.get('p1/dead')!.state).toBe('in_progress');
      interceptor.onModuleDestroy();
      storage.rows.get('p1/dead')!.heartbeat = -Infinity; // nobody beats for it any more
      const heir = new IdempotencyInterceptor(storage, new Reflector());
      const retried = async (request: StepIdentity) => {
        updateIds.push(request.stepUpdateId);
        return { ok: true };
      };
      expect(await call(heir, retried, { key: 'dead' }).result).toEqual({ ok: true });
      heir.onModuleDestroy();
      expect(storage.rows.get('p1/dead')!.state).toBe('done');
      expect(updateIds).toHaveLength(2);
      expect(updateIds[0]).toMatch(/^idem-[0-9a-f]{40}$/);
      expect(updateIds[1]).toBe(updateIds[0]);
    } finally {
      Object.assign(IDEMPOTENCY_TIMING, saved);
    }
  });

  it('gives a step an Update id of its principal, key and request, and none without a key', async () => {
    const seen: (string | undefined)[] = [];
    const step = async (request: StepIdentity) => seen.push(request.stepUpdateId);
    await call(interceptor, step, { key: 'a' }).result;
    await call(interceptor, step, { key: 'a', principal: 'p2' }).result;
    await call(interceptor, step, { key: 'b' }).result;
    await call(interceptor, step).result;
    expect(new Set(seen.slice(0, 3)).size).toBe(3);
    expect(seen[3]).toBeUndefined();
    // A key reused for another request once its row is past retention is another Update.
    expect(updateIdFor('p1', 'a', 'hash-1')).not.toBe(updateIdFor('p1', 'a', 'hash-2'));
    expect(updateIdFor('p1', 'a', 'hash-1')).toBe(updateIdFor('p1', 'a', 'hash-1'));
  });

  it('leaves requests without a key alone', async () => {
    let runs = 0;
    await call(interceptor, async () => ++runs).result;
    await call(interceptor, async () => ++runs).result;
    expect(runs).toBe(2);
    expect(storage.rows.size).toBe(0);
  });
});
