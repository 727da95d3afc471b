import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { HistoryService } from './history.service';
import { JourneyScopeGuard } from './journey-scope.guard';
import { JourneysController } from './journeys.controller';
import { JourneysService } from './journeys.service';

/** Journeys: the read model, the steps sent to their workflows, and their history. */
@Module({
  imports: [PersistenceModule, TemporalModule],
  controllers: [JourneysController],
  providers: [JourneysService, HistoryService, JourneyScopeGuard],
})
export class JourneysModule {}
