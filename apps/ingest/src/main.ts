import { loadConfig } from '@newswire/config';
import { createLogger } from '@newswire/observability';
import { bootstrapWorker } from '@newswire/runtime';
import { loadFeeds } from './feeds.provider';
import { IngestModule } from './ingest.module';

// Its /metrics and /health are on INGEST_PORT beside the pushes: METRICS_PORT (which `newswire
// start` hands to the other workers) is not its own.
const config = { ...loadConfig(), metricsPort: 0 };
// The feeds file is read before anything starts: a bad one stops the app, naming the feed and field.
let feeds;
try {
  feeds = loadFeeds(config);
} catch (error) {
  createLogger('ingest', config.logLevel).fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
void bootstrapWorker(IngestModule.forRoot(config, feeds), 'ingest');
