import { bootstrapWorker } from '@newswire/runtime';
import { CuratorModule } from './curator.module';

void bootstrapWorker(CuratorModule, 'curator');
