import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import type { ReadModelReader, ReadModelWriter } from '@newswire/storage';
import { CONFIG } from './runtime.tokens';

/** The read model's writer (the projector): it runs the migrations. */
export const READ_MODEL_WRITER = Symbol('newswire.read-model.writer');
/** The read model's reader (the api): queries only, no migrations, so that its role can be read-only. */
export const READ_MODEL_READER = Symbol('newswire.read-model.reader');

// The storage module is loaded in the factories, not at the top: apps without a read model never
// load a database driver. PostgreSQL at DATABASE_URL, or the embedded one in DATA_DIR.
const where = (config: AppConfig) => ({
  databaseUrl: config.db.url,
  dataDir: config.db.dataDir,
  schema: config.db.schema,
  poolIdleMs: config.db.poolIdleMs,
});

export const readModelWriterProvider: Provider = {
  provide: READ_MODEL_WRITER,
  inject: [CONFIG],
  useFactory: async (config: AppConfig): Promise<ReadModelWriter> =>
    (await import('@newswire/storage')).openReadModelWriter(where(config)),
};

export const readModelReaderProvider: Provider = {
  provide: READ_MODEL_READER,
  inject: [CONFIG],
  useFactory: async (config: AppConfig): Promise<ReadModelReader> =>
    (await import('@newswire/storage')).openReadModelReader(where(config)),
};
