import { Module } from '@nestjs/common';
import { TemporalModule } from '@uplift/temporal';
import { CodecController } from './codec.controller';

/** The codec server for the Temporal Web UI and CLI (`POST /v1/codec/decode`, `/encode`). */
@Module({ imports: [TemporalModule], controllers: [CodecController] })
export class CodecModule {}
