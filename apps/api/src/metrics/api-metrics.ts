import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { createRegistry } from '@uplift/observability';

/** The API's registry: process metrics, HTTP metrics (main.ts) and what the campaign does. */
@Injectable()
export class ApiMetrics {
  readonly registry = createRegistry();

  readonly steps = new Counter({
    name: 'uplift_journey_steps_total',
    help:
      'Journey steps asked for, by step and outcome: applied, refused (wrong stage or actor, used or ' +
      'expired link), invalid, not_found or failed',
    labelNames: ['step', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly evaluationAnswers = new Counter({
    name: 'uplift_evaluation_answers_total',
    help: 'Evaluation answers, by channel (link: the enterprise; api: a certification body or admin) and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly candidates = new Counter({
    name: 'uplift_candidates_total',
    help: 'Candidate rows in imports, by format (csv, json) and outcome: accepted, duplicate or rejected',
    labelNames: ['format', 'outcome'] as const,
    registers: [this.registry],
  });
}
