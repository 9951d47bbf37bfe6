import { bootstrapStage } from '@newswire/runtime';
import { NormalizerModule } from './normalizer.module';

void bootstrapStage(NormalizerModule, 'normalizer');
