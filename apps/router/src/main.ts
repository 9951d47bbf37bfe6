import { bootstrapStage } from '@newswire/runtime';
import { RouterModule } from './router.module';

void bootstrapStage(RouterModule, 'router');
