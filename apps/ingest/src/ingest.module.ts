import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import { RuntimeModule } from '@newswire/runtime';
import { FEEDS, type Feed } from './feeds.provider';
import { IngestService } from './ingest.service';

@Module({})
export class IngestModule {
  static forRoot(config: AppConfig, feeds: Feed[]): DynamicModule {
    return {
      module: IngestModule,
      imports: [RuntimeModule.forRoot('ingest', config)],
      providers: [{ provide: FEEDS, useValue: feeds }, IngestService],
    };
  }
}
