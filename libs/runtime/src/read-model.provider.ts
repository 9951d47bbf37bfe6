import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@newswire/config';
import { CONFIG } from './runtime.tokens';
import type { ReadModelStore } from '@newswire/storage';

export const READ_MODEL = Symbol('newswire.read-model');

/**
 * The read model: PostgreSQL at DATABASE_URL, or the embedded one in DATA_DIR. Its writer (the
 * projector) runs the migrations; a reader (the api) does not, so that its role can be read-only.
 */
export function readModelProvider({ writes }: { writes: boolean }): Provider {
  return {
    provide: READ_MODEL,
    inject: [CONFIG],
    useFactory: async (config: AppConfig): Promise<ReadModelStore> => {
      // Loaded here, not at the top: apps without a read model never load a database driver.
      const { openReadModelStore } = await import('@newswire/storage');
      return openReadModelStore({
        databaseUrl: config.db.url,
        dataDir: config.db.dataDir,
        schema: config.db.schema,
        migrate: writes,
      });
    },
  };
}
