import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'succeeded' | 'refused' | 'failed';

/** One call that could change state (POST, PUT, PATCH, DELETE): who, when, what, and how it ended. */
@Entity('audit_log')
export class AuditEntryEntity {
  /** bigserial: ascending, so it orders and pages the log. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Null when the call carried no valid key. */
  @Column({ name: 'principal_id', type: 'uuid', nullable: true })
  principalId!: string | null;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  /** The `X-Request-Id` the client sent, as given (escaped, bounded); never the record's own id. */
  @Column({ name: 'client_request_id', type: 'text', nullable: true })
  clientRequestId!: string | null;

  @Column({ type: 'text' })
  method!: string;

  /** The route pattern, e.g. `/v1/journeys/:id/assignment`. */
  @Column({ type: 'text' })
  route!: string;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId!: string | null;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode!: number;

  @Column({ type: 'text' })
  outcome!: AuditOutcome;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  /**
   * What a people's-account route did, when it says: `sign_in`, `sign_in_failed`, `account_locked`,
   * `sign_out`, `invitation_sent`, `password_set`, `password_reset_requested`, `password_reset`.
   */
  @Column({ type: 'text', nullable: true })
  action!: string | null;

  /** What the route chose to add, e.g. an admin override; never a key or a body. */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
