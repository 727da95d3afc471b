import { Module } from '@nestjs/common';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { JourneyWorkerService } from './journey-worker.service';

@Module({ imports: [ConfigModule, PersistenceModule], providers: [JourneyWorkerService] })
export class WorkerModule {}
