import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import { CONFIG } from './runtime.tokens';
import type { ReadModelStore } from '@newswire/storage';

export const READ_MODEL = Symbol('newswire.read-model');

/** The read model (projector writes, api reads): PostgreSQL at DATABASE_URL, or the embedded one in DATA_DIR. */
export const readModelProvider: Provider = {
  provide: READ_MODEL,
  inject: [CONFIG],
  useFactory: async (config: AppConfig): Promise<ReadModelStore> => {
    // Loaded here, not at the top: apps without a read model never load a database driver.
    const { openReadModelStore } = await import('@newswire/storage');
    const store = await openReadModelStore({
      databaseUrl: config.db.url,
      dataDir: config.db.dataDir,
      embeddedPort: config.db.embeddedPort,
      schema: config.db.schema,
    });
    await store.migrate();
    return store;
  },
};
