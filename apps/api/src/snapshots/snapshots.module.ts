import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { ReportsModule } from '../reports/reports.module';
import { RoundsModule } from '../rounds/rounds.module';
import { SnapshotsController } from './snapshots.controller';
import { SnapshotsService } from './snapshots.service';

/** Frozen reports (`/v1/reports/snapshots`): a round's or a year's report, stored as it answered. */
@Module({
  imports: [PersistenceModule, RoundsModule, ReportsModule],
  controllers: [SnapshotsController],
  providers: [SnapshotsService],
})
export class SnapshotsModule {}
