import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { ReportsModule } from '../reports/reports.module';
import { BatchesModule } from '../batches/batches.module';
import { CalendarController } from './calendar.controller';
import { CandidateTemplateController } from './candidate-template.controller';
import { CandidatesService } from './candidates.service';
import { DashboardService } from './dashboard.service';
import { ReportService } from './report.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

/** Rounds (their settings changed, paused and resumed while running), the working-day calendar, the candidate import (JSON, CSV or Excel) with its template, the round's report and its dashboard. */
@Module({
  imports: [PersistenceModule, TemporalModule, BatchesModule, ReportsModule],
  controllers: [RoundsController, CandidateTemplateController, CalendarController],
  providers: [RoundsService, CandidatesService, ReportService, DashboardService],
  // Snapshots freeze a round's report as the round's own route answers it.
  exports: [RoundsService, ReportService],
})
export class RoundsModule {}
