import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { CONFIG, type UpliftConfig } from '@uplift/config';
import { connectClient, temporalSettings } from './connection';
import { JourneyClient } from './journey-client';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [CONFIG],
      useFactory: (c: UpliftConfig) => connectClient(temporalSettings(c)),
    },
    {
      provide: JourneyClient,
      inject: [TEMPORAL_CLIENT, CONFIG],
      useFactory: (client: Client, c: UpliftConfig) => new JourneyClient(client, c.TEMPORAL_TASK_QUEUE),
    },
  ],
  exports: [TEMPORAL_CLIENT, JourneyClient],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
