import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';

/** Bulk actions: stored with their journeys, run by one workflow each. */
@Module({
  imports: [PersistenceModule, TemporalModule],
  controllers: [BatchesController],
  providers: [BatchesService],
  // Rounds bring a change of settings, a pause or a resume to their journeys as a batch.
  exports: [BatchesService],
})
export class BatchesModule {}
