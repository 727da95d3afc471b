import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { PersistenceModule } from '@uplift/persistence';
import { ActivityControl, TEMPORAL_CLIENT, TemporalModule } from '@uplift/temporal';
import { StuckWorkController } from './stuck-work.controller';
import { StuckWorkService } from './stuck-work.service';

/** Stuck work: activities the worker saw failing again and again, for admins to retry or skip. */
@Module({
  imports: [PersistenceModule, TemporalModule],
  controllers: [StuckWorkController],
  providers: [
    StuckWorkService,
    {
      provide: ActivityControl,
      inject: [TEMPORAL_CLIENT, CONFIG],
      useFactory: (client: Client, c: UpliftConfig) => new ActivityControl(client, c.TEMPORAL_NAMESPACE),
    },
  ],
})
export class StuckWorkModule {}
