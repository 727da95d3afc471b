import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('certification_bodies')
export class CertificationBodyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The accreditation approval number, e.g. CNCA-R-2002-001. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', default: 'zh-CN' })
  locale!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
