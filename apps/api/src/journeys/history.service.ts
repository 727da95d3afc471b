import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { readableHistory, type JourneyEvent } from '../../../../libs/temporal/src/history';
import { TEMPORAL_CLIENT } from '../../../../libs/temporal/src/temporal.module';

@Injectable()
export class HistoryService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  async of(journeyId: string): Promise<JourneyEvent[]> {
    const history = await this.temporal.workflow.getHandle(journeyId).fetchHistory();
    return readableHistory(history.events ?? []);
  }
}
