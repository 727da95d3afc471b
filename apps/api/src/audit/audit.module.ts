import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { AuditController } from './audit.controller';

/** Reading the audit log; writing it is the HTTP edge's (common/audit.ts). */
@Module({ imports: [PersistenceModule], controllers: [AuditController] })
export class AuditModule {}
