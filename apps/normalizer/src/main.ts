import { bootstrapWorker } from '@newswire/runtime';
import { NormalizerModule } from './normalizer.module';

void bootstrapWorker(NormalizerModule, 'normalizer');
