import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { READ_MODEL_WRITER, RuntimeModule, readModelWriterProvider } from '@newswire/runtime';
import type { ReadModelWriter } from '@newswire/storage';
import { ProjectorService } from './projector.service';

@Module({
  imports: [RuntimeModule.forRoot('projector')],
  providers: [readModelWriterProvider, ProjectorService],
})
export class ProjectorModule implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL_WRITER) private readonly store: ReadModelWriter) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
