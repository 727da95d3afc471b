import { Module } from '@nestjs/common';
import { PersistenceModule } from '@uplift/persistence';
import { TemporalModule } from '@uplift/temporal';
import { HealthController } from './health.controller';

@Module({ imports: [PersistenceModule, TemporalModule], controllers: [HealthController] })
export class HealthModule {}
