import { Module } from '@nestjs/common';
import { RuntimeModule } from '@newswire/runtime';
import { CuratorStage } from './curator.stage';

@Module({ imports: [RuntimeModule.forRoot('curator')], controllers: [CuratorStage] })
export class CuratorModule {}
