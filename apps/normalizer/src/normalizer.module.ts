import { Module } from '@nestjs/common';
import { RuntimeModule } from '@newswire/runtime';
import { NormalizerStage } from './normalizer.stage';

@Module({ imports: [RuntimeModule.forRoot('normalizer')], providers: [NormalizerStage] })
export class NormalizerModule {}
