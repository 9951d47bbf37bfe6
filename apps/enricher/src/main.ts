import { bootstrapWorker } from '@newswire/runtime';
import { EnricherModule } from './enricher.module';

void bootstrapWorker(EnricherModule, 'enricher');
