import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { CandidatesService } from './candidates.service';
import { ReportService } from './report.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

/** Rounds, the candidate import (JSON or CSV) and the round's report. */
@Module({
  imports: [PersistenceModule, TemporalModule],
  controllers: [RoundsController],
  providers: [RoundsService, CandidatesService, ReportService],
})
export class RoundsModule {}
