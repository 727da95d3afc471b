import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { createRegistry } from '@uplift/observability';

/** The worker's own registry: process metrics and what its activities did. */
@Injectable()
export class WorkerMetrics {
  readonly registry = createRegistry();

  readonly emails = new Counter({
    name: 'uplift_emails_total',
    help:
      'Notification activities, by template and outcome: sent, already_sent (a retry found the email ' +
      'sent) or failed (Temporal retries it)',
    labelNames: ['template', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly journeysLaunched = new Counter({
    name: 'uplift_journeys_launched_total',
    help: 'Journey workflows started by round launches (an already started one is not counted)',
    registers: [this.registry],
  });

  readonly journeysStartedEagerly = new Counter({
    name: 'uplift_journeys_started_eagerly_total',
    help:
      'Journeys a launch started whose first workflow task the server handed straight back to this ' +
      'worker (eager workflow start), not through the task queue',
    registers: [this.registry],
  });
}
