import { type ReadModelReader, SqlReadModelQueries } from './read-model.queries';
import { openReadModelHandle } from './read-model.options';
import { SqlReadModelWriter, type ReadModelWriter, type ReadModelWriterOptions } from './read-model.writer';

/**
 * A writer and a reader over one connection pool, for what writes a read model and reads it back:
 * replay's verify, the e2e tests. The apps get one side each (the projector the writer, the api
 * the reader).
 */
export interface ReadModelStore extends ReadModelWriter, ReadModelReader {}

export async function openReadModelStore(opts: ReadModelWriterOptions): Promise<ReadModelStore> {
  const { handle, schema } = await openReadModelHandle(opts);
  const writer = new SqlReadModelWriter(handle, schema);
  const reader = new SqlReadModelQueries(handle, schema);
  try {
    if (opts.migrate !== false) await writer.migrate();
  } catch (error) {
    await handle.release();
    throw error;
  }
  return {
    schema,
    migrate: () => writer.migrate(),
    transaction: (work) => writer.transaction(work),
    load: (ids) => writer.load(ids),
    hasArticles: () => writer.hasArticles(),
    deferIndexes: () => writer.deferIndexes(),
    buildIndexes: () => writer.buildIndexes(),
    mergeSearchPending: () => writer.mergeSearchPending(),
    committedOffsets: (group, topic) => writer.committedOffsets(group, topic),
    ping: () => reader.ping(),
    getArticle: (id) => reader.getArticle(id),
    getArticleJson: (id) => reader.getArticleJson(id),
    getVersion: (id, n) => reader.getVersion(id, n),
    listVersions: (id) => reader.listVersions(id),
    searchArticles: (q) => reader.searchArticles(q),
    digest: () => reader.digest(),
    close: () => handle.release(),
  };
}
