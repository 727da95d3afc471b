import { Module } from '@nestjs/common';
import { ConfigModule } from '@uplift/config';
import { PersistenceModule } from '@uplift/persistence';
import { JourneyWorkerService } from './journey-worker.service';
import { WorkerMetrics } from './worker-metrics';

@Module({ imports: [ConfigModule, PersistenceModule], providers: [WorkerMetrics, JourneyWorkerService] })
export class WorkerModule {}
