import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every email Uplift sends. `key` makes a retried send activity a no-op once a send succeeded. */
@Entity('emails')
export class EmailEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'journey_id', type: 'text', nullable: true })
  journeyId!: string | null;

  @Column({ type: 'text' })
  template!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  subject!: string;

  /**
   * `failed`: the mail server refused it for good (its reply in `failure`); it is not retried.
   * `skipped`: an admin gave up on it while it kept failing (`skippedBy`); it is never sent.
   */
  @Column({ type: 'text', default: 'pending' })
  status!: 'pending' | 'sent' | 'failed' | 'skipped';

  @Column({ name: 'skipped_by', type: 'uuid', nullable: true })
  skippedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  failure!: string | null;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
