import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { READ_MODEL_READER, RuntimeModule, readModelReaderProvider } from '@newswire/runtime';
import type { ReadModelReader } from '@newswire/storage';
import { ArticlesController } from './articles.controller';
import { AsyncApiController } from './asyncapi.controller';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OutletsController } from './outlets.controller';
import { StreamController } from './stream.controller';

@Module({
  imports: [RuntimeModule.forRoot('api')],
  controllers: [
    ArticlesController,
    OutletsController,
    HealthController,
    MetricsController,
    AsyncApiController,
    StreamController,
  ],
  providers: [readModelReaderProvider],
})
export class ApiModule implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL_READER) private readonly store: ReadModelReader) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
