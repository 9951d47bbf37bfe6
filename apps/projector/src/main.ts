import { bootstrapWorker } from '@newswire/runtime';
import { ProjectorModule } from './projector.module';

void bootstrapWorker(ProjectorModule, 'projector');
