import { Module } from '@nestjs/common';
import { RuntimeModule } from '@newswire/runtime';
import { NormalizerStage } from './normalizer.stage';

@Module({ imports: [RuntimeModule.forRoot('normalizer')], controllers: [NormalizerStage] })
export class NormalizerModule {}
