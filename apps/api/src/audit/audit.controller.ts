import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AUDIT_LOG, type AuditEntryEntity, type AuditLog } from '@uplift/persistence';
import { ruleMessage } from '@uplift/domain';
import { Roles } from '../common/auth.decorators';
import { ApiContract } from '../common/api-contract';
import { ACCOUNT_ACTIONS } from '../common/audit';
import { ZodPipe } from '../common/zod-validation';
import { auditPageSchema, type AuditEntryView } from './audit.view';

export const auditQuerySchema = z.strictObject({
  principalId: z.uuid().optional(),
  action: z.enum(ACCOUNT_ACTIONS).optional(),
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  /** A route pattern as recorded, e.g. `/v1/journeys/:id/assignment`. */
  route: z.string().max(200).optional(),
  targetId: z.string().max(200).optional(),
  outcome: z.enum(['succeeded', 'refused', 'failed']).optional(),
  statusCode: z.coerce.number().int().min(100).max(599).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,17}$/, ruleMessage('cursor.unknown'))
    .meta({ maxLength: 18 })
    .optional(),
});
type AuditQuery = z.infer<typeof auditQuerySchema>;

const view = (a: AuditEntryEntity): AuditEntryView => ({
  id: a.id,
  at: a.at,
  principalId: a.principalId,
  requestId: a.requestId,
  clientRequestId: a.clientRequestId,
  method: a.method,
  route: a.route,
  targetId: a.targetId,
  statusCode: a.statusCode,
  outcome: a.outcome,
  ip: a.ip,
  details: a.details,
  action: (a.action as AuditEntryView['action']) ?? null,
});

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(@Inject(AUDIT_LOG) private readonly log: Pick<AuditLog, 'search'>) {}

  /** Every call that could change state, newest first. */
  @Get()
  @Roles('admin')
  @ApiContract({
    summary: 'Search the audit log',
    description:
      'Every call that could change state (who, what route, which target, the answer), newest first, filtered, a page at a time: pass `nextCursor` back as `cursor`.',
    query: auditQuerySchema,
    ok: { description: 'A page of audit entries.', schema: auditPageSchema },
    errors: { 400: 'invalid query' },
  })
  async search(@Query(new ZodPipe(auditQuerySchema, 'query')) q: AuditQuery) {
    const rows = await this.log.search({
      principalId: q.principalId,
      action: q.action,
      method: q.method,
      route: q.route,
      targetId: q.targetId,
      outcome: q.outcome,
      statusCode: q.statusCode,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      before: q.cursor,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(view),
      nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
    };
  }
}
