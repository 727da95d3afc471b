import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../../../libs/persistence/src/repositories/audit-log';
import { registerAuditHook } from './audit';

/** What stands between the internet and the routes: the audit of every call that could change state. */
export async function applyHttpSafeguards(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  registerAuditHook(fastify, new AuditLog(app.get(DataSource)));
}
