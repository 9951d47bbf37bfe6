import { bootstrapStage } from '@newswire/runtime';
import { CuratorModule } from './curator.module';

void bootstrapStage(CuratorModule, 'curator');
