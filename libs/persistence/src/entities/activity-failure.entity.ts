import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** How an activity that kept failing ended. */
export type ActivityFailureResolution = 'succeeded' | 'skipped' | 'gave_up' | 'gone';

/**
 * An activity execution that has failed at least once and is retried by Temporal: what an admin's
 * stuck-work list shows. Written by the worker's activity interceptor, never by the activity itself.
 */
@Entity('activity_failures')
export class ActivityFailureEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The journey's id for a journey's activities (its workflow id). */
  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ name: 'activity_id', type: 'text' })
  activityId!: string;

  @Column({ name: 'activity_type', type: 'text' })
  activityType!: string;

  /** The email's unique key when the activity sends one: what a skip is recorded against. */
  @Column({ name: 'email_key', type: 'text', nullable: true })
  emailKey!: string | null;

  @Column({ name: 'email_template', type: 'text', nullable: true })
  emailTemplate!: string | null;

  /** Failures seen (Temporal's own attempt number starts again at 1 after a reset). */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_attempt', type: 'integer' })
  lastAttempt!: number;

  @Column({ name: 'first_failed_at', type: 'timestamptz' })
  firstFailedAt!: Date;

  @Column({ name: 'last_failed_at', type: 'timestamptz' })
  lastFailedAt!: Date;

  @Column({ name: 'last_error', type: 'text' })
  lastError!: string;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution!: ActivityFailureResolution | null;

  @Column({ name: 'skip_requested_by', type: 'uuid', nullable: true })
  skipRequestedBy!: string | null;

  @Column({ name: 'skip_requested_at', type: 'timestamptz', nullable: true })
  skipRequestedAt!: Date | null;
}
