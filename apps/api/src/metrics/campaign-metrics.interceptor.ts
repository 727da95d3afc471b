import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Observable, tap } from 'rxjs';
import { toErrorBody } from '../common/error.filter';
import { takenStep } from '../common/taken-step';
import type { ImportResult } from '../rounds/rounds.dto';
import { RoundsController } from '../rounds/rounds.controller';
import { ApiMetrics } from './api-metrics';

/** A step's outcome from the status it answers (the error filter's mapping, `toErrorBody`). */
export function stepOutcome(status: number): string {
  if (status < 400) return 'applied';
  if (status === 400 || status === 413) return 'invalid';
  if (status === 404) return 'not_found';
  if (status === 403 || status === 409 || status === 410) return 'refused';
  return 'failed';
}

/**
 * Counts what the campaign does: steps and evaluation answers by outcome, candidate rows by
 * outcome. Registered innermost (app.module.ts), so an answer replayed for a repeated
 * Idempotency-Key is not counted twice.
 */
@Injectable()
export class CampaignMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ApiMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = context.getHandler();
    // Step routes are marked by their decorators (journeys/step-routes.ts, the evaluation link).
    const step = takenStep(handler);
    if (step) {
      const count = (status: number) => {
        const outcome = stepOutcome(status);
        this.metrics.steps.inc({ step: step.step, outcome });
        if (step.step === 'evaluation')
          this.metrics.evaluationAnswers.inc({ channel: step.channel, outcome });
      };
      return next
        .handle()
        .pipe(tap({ next: () => count(200), error: (err: unknown) => count(toErrorBody(err).statusCode) }));
    }
    if (handler === RoundsController.prototype.importCandidates) {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const type = request.headers['content-type'] ?? '';
      const format = /^(text|application)\/csv\b/i.test(type)
        ? 'csv'
        : /spreadsheetml/i.test(type)
          ? 'xlsx'
          : 'json';
      return next.handle().pipe(
        tap((result: ImportResult) => {
          this.metrics.candidates.inc({ format, outcome: 'accepted' }, result.accepted);
          this.metrics.candidates.inc({ format, outcome: 'duplicate' }, result.duplicates);
          this.metrics.candidates.inc({ format, outcome: 'rejected' }, result.rejectedRows);
        }),
      );
    }
    return next.handle();
  }
}
