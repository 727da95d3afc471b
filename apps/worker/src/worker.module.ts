import { Module } from '@nestjs/common';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { JourneyWorkerService } from './journey-worker.service';
import { WorkerMetrics } from './worker-metrics';

@Module({ imports: [ConfigModule, PersistenceModule], providers: [WorkerMetrics, JourneyWorkerService] })
export class WorkerModule {}
