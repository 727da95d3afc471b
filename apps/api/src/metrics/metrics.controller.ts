import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { type UpliftConfig, CONFIG } from '@uplift/config';
import { metricsAllowed } from '@uplift/observability';
import { ApiContract } from '../common/api-contract';
import { Public } from '../common/auth.decorators';
import { ApiMetrics } from './api-metrics';

/**
 * Prometheus' scrape target. Not behind an API key: scrapers carry none. With METRICS_TOKEN set it
 * answers only that bearer token (which is no API key, so it opens nothing else).
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(CONFIG) private readonly config: UpliftConfig,
  ) {}

  @Get()
  @Public()
  @ApiContract({
    summary: 'Prometheus metrics',
    description:
      "The API's metrics in Prometheus' text format. Needs no API key; with METRICS_TOKEN set, only that bearer token (which is no API key and opens nothing else).",
    ok: { description: 'The metrics.', content: { 'text/plain': { schema: z.string().max(10_000_000) } } },
    errors: { 401: 'GET /metrics needs the METRICS_TOKEN bearer token' },
  })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!metricsAllowed(authorization, this.config.METRICS_TOKEN)) {
      throw new UnauthorizedException('GET /metrics needs the METRICS_TOKEN bearer token');
    }
    void reply.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
