import type { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from '../entities/idempotency-key.entity';

export interface StoredRequest {
  requestHash: string;
  state: 'in_progress' | 'done';
  statusCode: number | null;
  response: string | null;
  /** Since the claim's holder last renewed it, by the database's clock (API clocks may differ). */
  heartbeatAgeMs: number;
}

/** What the API's idempotency interceptor needs of its storage. */
export interface IdempotencyStorage {
  /** Inserts the row `in_progress`; `true` when this caller holds the key and must run the request. */
  claim(principalId: string, key: string, requestHash: string): Promise<boolean>;
  find(principalId: string, key: string): Promise<StoredRequest | null>;
  /** Takes over an unfinished claim whose heartbeat stopped `leaseMs` ago or more (its process died). */
  takeOver(principalId: string, key: string, leaseMs: number): Promise<boolean>;
  /** The claim's holder is alive and still running the request: its heartbeat. */
  renew(principalId: string, key: string): Promise<void>;
  complete(principalId: string, key: string, statusCode: number, response: string | null): Promise<void>;
  /** Forgets an unfinished claim (the request failed on our side), so a retry runs it afresh. */
  release(principalId: string, key: string): Promise<void>;
  /** Deletes rows past retention; returns how many. */
  purge(): Promise<number>;
}

/**
 * The `(principal, key)` rows behind `Idempotency-Key`. The primary key is what makes two
 * simultaneous requests with one key safe: only one insert wins the claim.
 */
export class IdempotencyStore implements IdempotencyStorage {
  constructor(
    private readonly dataSource: DataSource,
    /** How long a finished answer is replayed; an older row is forgotten and the key may be reused. */
    private readonly retentionMs: number,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(IdempotencyKeyEntity);
  }

  async claim(principalId: string, key: string, requestHash: string): Promise<boolean> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
        WHERE principal_id = $1 AND key = $2 AND created_at < now() - make_interval(secs => $3)`,
      [principalId, key, this.retentionMs / 1000],
    );
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .values({ principalId, key, requestHash, state: 'in_progress' })
      .orIgnore()
      .returning(['key'])
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  async find(principalId: string, key: string): Promise<StoredRequest | null> {
    const rows = (await this.dataSource.query(
      `SELECT request_hash AS "requestHash", state, status_code AS "statusCode", response,
              (extract(epoch FROM now() - heartbeat_at) * 1000)::float8 AS "heartbeatAgeMs"
         FROM idempotency_keys WHERE principal_id = $1 AND key = $2`,
      [principalId, key],
    )) as StoredRequest[];
    return rows[0] ?? null;
  }

  async takeOver(principalId: string, key: string, leaseMs: number): Promise<boolean> {
    // One UPDATE decides between several repeats racing for the same dead claim: only one matches.
    const rows = (await this.dataSource.query(
      `UPDATE idempotency_keys SET heartbeat_at = now()
        WHERE principal_id = $1 AND key = $2 AND state = 'in_progress'
          AND heartbeat_at < now() - make_interval(secs => $3)
        RETURNING key`,
      [principalId, key, leaseMs / 1000],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  async renew(principalId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET heartbeat_at = now()
        WHERE principal_id = $1 AND key = $2 AND state = 'in_progress'`,
      [principalId, key],
    );
  }

  async complete(
    principalId: string,
    key: string,
    statusCode: number,
    response: string | null,
  ): Promise<void> {
    await this.repo.update(
      { principalId, key },
      { state: 'done', statusCode, response, completedAt: new Date() },
    );
  }

  async release(principalId: string, key: string): Promise<void> {
    await this.repo.delete({ principalId, key, state: 'in_progress' });
  }

  async purge(): Promise<number> {
    const result = (await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)`,
      [this.retentionMs / 1000],
    )) as [unknown[], number];
    return result[1];
  }
}
