import { Module } from '@nestjs/common';
import { RuntimeModule } from '@newswire/runtime';
import { EnricherStage } from './enricher.stage';

@Module({ imports: [RuntimeModule.forRoot('enricher')], providers: [EnricherStage] })
export class EnricherModule {}
