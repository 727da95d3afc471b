import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { journeyInScope } from '@uplift/domain';
import {
  fetchJourneyHistory,
  readableHistory,
  type JourneyEvent,
  decodeHistory,
  TEMPORAL_CLIENT,
} from '@uplift/temporal';
import {
  AUDIT_LOG,
  CERTIFICATION_BODY_REPOSITORY,
  JOURNEY_REPOSITORY,
  type AuditLog,
  type CertificationBodyRepository,
  type JourneyRepository,
} from '@uplift/persistence';

@Injectable()
export class HistoryService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(AUDIT_LOG) private readonly audit: Pick<AuditLog, 'refusedSteps'>,
    @Inject(JOURNEY_REPOSITORY) private readonly journeys: JourneyRepository,
    @Inject(CERTIFICATION_BODY_REPOSITORY)
    private readonly bodies: Pick<CertificationBodyRepository, 'list'>,
  ) {}

  /**
   * The workflow's own history, plus the steps that were refused: a validator's refusal leaves no
   * trace in Temporal by design, so those come from the audit log of the same journey.
   */
  async of(journeyId: string): Promise<JourneyEvent[]> {
    // Every run of the journey, page by page, then decrypted with the client's own codec.
    const history = await decodeHistory(this.temporal, {
      events: await fetchJourneyHistory(
        this.temporal.workflowService,
        this.temporal.options.namespace,
        journeyId,
      ),
    });
    // Events that name a body (a reassignment) name it as people know it; the registry is small.
    const names = new Map((await this.bodies.list()).map((b) => [b.id, b.name]));
    const events = readableHistory(history.events ?? [], (id) => names.get(id) ?? id);
    const refused = await this.audit.refusedSteps(journeyId);
    // Only refusals of callers in the journey's scope belong to its history: anyone else was told
    // the journey does not exist, and their attempt is in the audit log alone.
    const journey = await this.journeys.find(journeyId);
    const inScope = refused.filter(
      (r) =>
        journey &&
        journeyInScope(
          {
            role: r.role,
            regionCode: r.regionCode ?? undefined,
            certificationBodyId: r.certificationBodyId ?? undefined,
          },
          journey,
        ),
    );
    // The stage is the workflow's at that time: read from its own events, before refusals join them.
    const workflowNewestFirst = [...events].reverse();
    const stageAt = (at: string) => workflowNewestFirst.find((e) => e.at <= at)?.stage ?? null;
    for (const r of inScope) {
      const at = r.at.toISOString();
      const step = r.route.split('/').slice(4).join('/');
      events.push({
        at,
        type: 'step_refused',
        stage: stageAt(at),
        actor: r.principalId ? { principalId: r.principalId, role: r.role, name: r.name } : null,
        summary: `${step} refused (${r.statusCode}) for ${r.name}`,
        details: { step, statusCode: r.statusCode },
      });
    }
    return events.sort((a, b) => a.at.localeCompare(b.at));
  }
}
