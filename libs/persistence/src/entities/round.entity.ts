import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RoundSettings } from '@uplift/domain';

@Entity('rounds')
export class RoundEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'closed';

  @Column({ type: 'jsonb' })
  settings!: RoundSettings;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** When its reminders and escalations were paused; null while they run. */
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt!: Date | null;

  /** When the background close had ended every open journey; null while it runs. */
  @Column({ name: 'close_finished_at', type: 'timestamptz', nullable: true })
  closeFinishedAt!: Date | null;
}
