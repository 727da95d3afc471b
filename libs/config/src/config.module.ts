import { Global, Module } from '@nestjs/common';
import { loadConfig } from './config';

export const CONFIG = Symbol('UPLIFT_CONFIG');

@Global()
@Module({ providers: [{ provide: CONFIG, useFactory: () => loadConfig() }], exports: [CONFIG] })
export class ConfigModule {}
