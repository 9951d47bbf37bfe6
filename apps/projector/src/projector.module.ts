import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { READ_MODEL, RuntimeModule, readModelProvider } from '@newswire/runtime';
import type { ReadModelStore } from '@newswire/storage';
import { ProjectorService } from './projector.service';

@Module({
  imports: [RuntimeModule.forRoot('projector')],
  providers: [readModelProvider({ writes: true }), ProjectorService],
})
export class ProjectorModule implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL) private readonly store: ReadModelStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
