import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One `Idempotency-Key` a principal sent with a POST. The row is inserted before the request runs
 * (`in_progress`), so a concurrent repeat finds it and waits; once done it holds the answer to replay.
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'principal_id', type: 'uuid' })
  principalId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of method, URL and body: the same key with another request is a conflict. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @Column({ type: 'text', default: 'in_progress' })
  state!: 'in_progress' | 'done';

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  /** The answer's body as JSON text (text, not jsonb: an echoed field name may hold anything). */
  @Column({ type: 'text', nullable: true })
  response!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Renewed while the request runs; a claim whose heartbeat stopped belonged to a process that died. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', default: () => 'now()' })
  heartbeatAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
