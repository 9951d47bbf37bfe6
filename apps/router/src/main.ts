import { bootstrapWorker } from '@newswire/runtime';
import { RouterModule } from './router.module';

void bootstrapWorker(RouterModule, 'router');
