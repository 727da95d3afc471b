import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import { DATABASE_PROBE, type DatabaseProbe } from '@uplift/persistence';
import { TEMPORAL_CLIENT } from '@uplift/temporal';
import { z } from 'zod';
import { ApiContract } from '../common/api-contract';
import { Public } from '../common/auth.decorators';

const probe = z.enum(['up', 'down']);
const healthSchema = z
  .object({ status: z.enum(['ok', 'unavailable']), database: probe, temporal: probe })
  .meta({ id: 'Health' });

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE_PROBE) private readonly database: DatabaseProbe,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** 200 when both the database and Temporal answer, 503 otherwise. */
  @Get()
  @Public()
  @ApiContract({
    summary: 'Health',
    description:
      'Whether the database and Temporal both answer (each within 3 s), for load balancers and probes.',
    ok: { description: 'Both answer.', schema: healthSchema },
    errors: {
      503: {
        description: 'One of them does not.',
        schema: healthSchema,
        example: { status: 'unavailable', database: 'up', temporal: 'down' },
      },
    },
  })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<z.input<typeof healthSchema>> {
    const probe = async (check: () => Promise<unknown>) => {
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
        ]);
        return 'up';
      } catch {
        return 'down';
      }
    };
    const [database, temporal] = await Promise.all([
      probe(() => this.database.reachable()),
      probe(() => this.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = database === 'up' && temporal === 'up';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', database, temporal };
  }
}
