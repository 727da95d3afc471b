import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A one-time link to a follow-up evaluation. Only the SHA-256 of the token is kept; the token
 * itself exists in the email alone. Consumed by the submission, never by opening the page.
 */
@Entity('evaluation_links')
export class EvaluationLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash!: string;

  @Column({ name: 'journey_id', type: 'text' })
  journeyId!: string;

  @Column({ type: 'integer' })
  evaluation!: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
