import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Enterprise, JourneyState, Stage } from '@uplift/domain';

/**
 * The read model of one journey. The workflow is the source of truth; this row mirrors its latest
 * state (highest `version`) so lists, filters and counts never touch Temporal.
 */
@Entity('journeys')
@Index(['roundId', 'uscc'], { unique: true })
@Index(['roundId', 'stage'])
export class JourneyEntity {
  /** The workflow id, derived from round and USCC. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId!: string;

  @Column({ type: 'text' })
  uscc!: string;

  @Column({ type: 'jsonb' })
  enterprise!: Enterprise;

  @Index()
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'industry_code', type: 'text' })
  industryCode!: string;

  @Column({ type: 'text' })
  stage!: Stage;

  @Column({ type: 'boolean', default: false })
  stalled!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Index()
  @Column({ name: 'certification_body_id', type: 'uuid', nullable: true })
  certificationBodyId!: string | null;

  /** GB/T 4754 section letter, for reports by industry. */
  @Column({ name: 'industry_section', type: 'text', nullable: true })
  industrySection!: string | null;

  /** The workflow's whole state at `version`; null until the workflow first reports. */
  @Column({ type: 'jsonb', nullable: true })
  state!: JourneyState | null;

  @Column({ type: 'integer', default: 0 })
  version!: number;

  /** Set once the workflow is known to exist, so an interrupted import can start the rest. */
  @Column({ name: 'launched_at', type: 'timestamptz', nullable: true })
  launchedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
