import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@uplift/domain';

/** How a person gets reminders and escalations: one digest a day, or each as it comes. */
export type NotificationMode = 'digest' | 'immediate';

@Entity('principals')
export class PrincipalEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode!: string | null;

  @Column({ name: 'certification_body_id', type: 'uuid', nullable: true })
  certificationBodyId!: string | null;

  /** The visible part of the key, so a leaked key can be traced to its principal. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix!: string;

  /** SHA-256 of the whole key, looked up directly: keys are 256-bit random, so a slow hash adds nothing. */
  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  @Column({ name: 'is_bootstrap', type: 'boolean', default: false })
  isBootstrap!: boolean;

  /**
   * For the bootstrap admin: SHA-256 of the UPLIFT_ADMIN_KEY last applied. The variable rotates the
   * key only when it changes, so a key rotated through the API stays rotated across restarts.
   */
  @Column({ name: 'bootstrap_source_hash', type: 'text', nullable: true })
  bootstrapSourceHash!: string | null;

  /** Digests or immediate emails, as the person chose; null: as the round says (`settings.digest`). */
  @Column({ name: 'notification_mode', type: 'text', nullable: true })
  notificationMode!: NotificationMode | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
