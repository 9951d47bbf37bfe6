import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { READ_MODEL, RuntimeModule, readModelProvider } from '@newswire/runtime';
import type { ReadModelStore } from '@newswire/storage';
import { ArticlesController } from './articles.controller';
import { HealthController } from './health.controller';
import { OutletsController } from './outlets.controller';

@Module({
  imports: [RuntimeModule.forRoot('api'), TerminusModule.forRoot({ logger: false })],
  controllers: [ArticlesController, OutletsController, HealthController],
  providers: [readModelProvider({ writes: false })],
})
export class ApiModule implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL) private readonly store: ReadModelStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
