import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type UpliftConfig, CONFIG } from '@uplift/config';
import { metricsAllowed } from '@uplift/observability';
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
  @ApiProduces('text/plain')
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
