import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ArticleProjection } from '@newswire/contracts';
import type { DatabaseHandle } from './database';
import { migrateReadModel } from './read-model.migrations';
import { openReadModelHandle, type ReadModelOptions } from './read-model.options';
import { addVersion, type VersionChunk } from './version-chunks';

export interface OffsetCommit {
  topic: string;
  partition: number;
  /** The offset to consume next (last consumed + 1), as Kafka counts it. */
  nextOffset: string;
}

/** An article a batch changed: its stored state (none when new) and the state folded from it. */
export interface ArticleChange {
  before: ArticleProjection | undefined;
  after: ArticleProjection;
}

/**
 * What a fold of a batch over the stored rows made: each changed article once, and each new version
 * with the state it was folded from (for its delta), in order.
 */
export interface FoldedBatch {
  articles: ArticleChange[];
  versions: ArticleChange[];
}

/**
 * What a full rebuild folded in memory: each article's final state over what the schema holds
 * (none when new), and its new versions as one chunk (none when no version a reader sees changed).
 */
export interface BulkBatch {
  articles: ArticleChange[];
  chunks: VersionChunk[];
}

/** A unit of work: what is loaded in it is locked until it commits with what is stored in it. */
export interface WriterTransaction {
  /** The stored projections of these articles, locked against other writers until the commit. */
  load(ids: string[]): Promise<Map<string, ArticleProjection>>;
  /** Writes the batch's rows and where `group` read each partition to, in one statement. */
  store(batch: FoldedBatch, offsets: OffsetCommit[], group: string): Promise<void>;
  /**
   * Writes a rebuild's rows, however many, in statements of BULK_STATEMENT_ARTICLES articles
   * (each built while the one before runs), then the offsets.
   */
  storeBulk(batch: BulkBatch, offsets: OffsetCommit[], group: string): Promise<void>;
}

/**
 * Articles per statement of storeBulk: ~16 KB of rows each, so a statement is ~16 MB of JSON,
 * far below the limits of a V8 string and of a PostgreSQL message.
 */
export const BULK_STATEMENT_ARTICLES = 1000;

/** What the projector and a rebuild need: the schema's migrations, its exactly-once sink, its offsets. */
export interface ReadModelWriter {
  readonly schema: string;
  migrate(): Promise<void>;
  /**
   * Runs `work` in ONE transaction, committed when it resolves and rolled back when it throws, so
   * a batch's rows, sequences and offsets commit together: a redelivered batch changes nothing.
   */
  transaction<T>(work: (trx: WriterTransaction) => Promise<T>): Promise<T>;
  /** The stored projections of these articles, unlocked: for a rebuild, its schema's only writer. */
  load(ids: string[]): Promise<Map<string, ArticleProjection>>;
  /** Whether any article is stored: a rebuild into an empty schema need not look for stored rows. */
  hasArticles(): Promise<boolean>;
  /**
   * For a bulk load: drops the schema's secondary and search indexes, keeping their definitions
   * in the schema (so an interrupted load resumes without them); buildIndexes makes them again.
   */
  deferIndexes(): Promise<void>;
  /** Builds every index deferIndexes dropped, each in one pass over the loaded rows. */
  buildIndexes(): Promise<void>;
  /**
   * Merges the search vectors queued in the text index's pending list into the index, off the
   * write path (the projector runs it every second); concurrent writers go on.
   */
  mergeSearchPending(): Promise<void>;
  /** One round trip that reads the read model's schema (health checks): it fails until it exists. */
  ping(): Promise<void>;
  committedOffsets(group: string, topic: string): Promise<Map<number, string>>;
  close(): Promise<void>;
}

export interface ReadModelWriterOptions extends ReadModelOptions {
  /** Whether opening runs the migrations (default true). */
  migrate?: boolean;
}

/** Opens the read model for writing and runs its migrations: PostgreSQL when `databaseUrl` is given, else embedded PGlite. */
export async function openReadModelWriter(opts: ReadModelWriterOptions): Promise<ReadModelWriter> {
  const { handle, schema } = await openReadModelHandle(opts);
  const writer = new SqlReadModelWriter(handle, schema);
  try {
    if (opts.migrate !== false) await writer.migrate();
  } catch (error) {
    await handle.release();
    throw error;
  }
  return writer;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Where `group` reads `topic` on from, per partition, as a schema's read model stores it (in `db`, a transaction too). */
export async function committedOffsetsIn(
  db: Db,
  schema: string,
  group: string,
  topic: string,
): Promise<Map<number, string>> {
  const { rows } = await sql<{ partition: number; next_offset: string }>`
    select partition, next_offset::text as next_offset from ${sql.table(`${schema}.consumer_offsets`)}
    where consumer_group = ${group} and topic = ${topic}`.execute(db);
  return new Map(rows.map((r) => [r.partition, r.next_offset]));
}

/**
 * A batch's rows as ONE json parameter. Measured against one text[] per column (UNNEST): 3-4x
 * faster for rows that carry projection JSON, which array literals must quote and escape.
 */
const recordset = (rows: object[]): RawBuilder<unknown> =>
  sql`json_to_recordset(${JSON.stringify(rows)}::json)`;

/**
 * The JSON values of a column (projections, version chunks) as ONE text parameter split in the
 * database, zipped beside the rows' recordset: each is then parsed once, as the json column's
 * input, rather than a second time inside the rows' JSON (measured: 92 -> 50 us of database CPU
 * per projection, 120 -> 64 per chunk). JSON.stringify escapes every control character, so no
 * value holds the separator U+001E.
 */
const jsonColumn = (values: unknown[]): RawBuilder<unknown> =>
  sql`unnest(string_to_array(${values.map((v) => JSON.stringify(v)).join('\x1e')}, chr(30)))`;

const EPOCH = '1970-01-01T00:00:00.000Z';
/** Sort/filter columns need a timestamp; a wire time that does not parse sorts first instead of failing the batch. */
const timestamp = (s: string): string => (Number.isNaN(Date.parse(s)) ? EPOCH : new Date(s).toISOString());

export class SqlReadModelWriter implements ReadModelWriter {
  private readonly db: Db;

  constructor(
    private readonly handle: DatabaseHandle,
    readonly schema: string,
  ) {
    this.db = handle.db;
  }

  private t(table: string): RawBuilder<unknown> {
    return sql.table(`${this.schema}.${table}`);
  }

  migrate(): Promise<void> {
    return migrateReadModel(this.db, this.schema);
  }

  transaction<T>(work: (trx: WriterTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) =>
      work({
        load: (ids) => this.loadIn(trx, ids, sql`for update`),
        store: (batch, offsets, group) => this.store(trx, batch, offsets, group),
        storeBulk: (batch, offsets, group) => this.storeBulk(trx, batch, offsets, group),
      }),
    );
  }

  load(ids: string[]): Promise<Map<string, ArticleProjection>> {
    return this.loadIn(this.db, ids, sql``);
  }

  async hasArticles(): Promise<boolean> {
    const { rows } = await sql`select 1 from ${this.t('articles')} limit 1`.execute(this.db);
    return rows.length > 0;
  }

  private async store(
    trx: Db,
    { articles, versions }: FoldedBatch,
    offsets: OffsetCommit[],
    group: string,
  ): Promise<void> {
    const chunks = new Map<string, VersionChunk>();
    for (const { before, after } of versions)
      chunks.set(after.articleId, addVersion(chunks.get(after.articleId), before, after));
    const writes = await this.rowWrites(trx, articles, [...chunks.values()]);
    writes.push(this.writeOffsets(group, offsets));
    await this.writeTogether(trx, writes);
  }

  private async storeBulk(
    trx: Db,
    { articles, chunks }: BulkBatch,
    offsets: OffsetCommit[],
    group: string,
  ): Promise<void> {
    const chunkOf = new Map(chunks.map((c) => [c.articleId, c]));
    let running: Promise<void> = Promise.resolve();
    for (let i = 0; i < articles.length; i += BULK_STATEMENT_ARTICLES) {
      const some = articles.slice(i, i + BULK_STATEMENT_ARTICLES);
      const someChunks = some.flatMap(({ after }) => chunkOf.get(after.articleId) ?? []);
      // Each statement's JSON is built here, while PostgreSQL runs the one before.
      const writes = await this.rowWrites(trx, some, someChunks);
      await running;
      running = this.writeTogether(trx, writes);
    }
    await running;
    await this.writeTogether(trx, [this.writeOffsets(group, offsets)]);
  }

  /** The writes of these articles' rows (their stored attributions deleted first). */
  private async rowWrites(
    trx: Db,
    articles: ArticleChange[],
    chunks: VersionChunk[],
  ): Promise<(RawBuilder<unknown> | undefined)[]> {
    if (articles.length === 0) return [];
    return [
      this.upsertArticles(articles),
      this.insertChunks(chunks),
      await this.replaceAttributions(
        trx,
        articles.filter(({ before, after }) => after.attributions !== before?.attributions),
      ),
    ];
  }

  /**
   * The batch's inserts as ONE statement (data-modifying CTEs, each run once and to completion): a
   * round trip, parse and plan per table cost ~0.9 ms of database CPU a batch, a lot per event at the
   * small batches of a moderate load.
   */
  private async writeTogether(trx: Db, writes: (RawBuilder<unknown> | undefined)[]): Promise<void> {
    const list = writes.filter((w) => w !== undefined);
    if (list.length === 0) return;
    await sql`with ${sql.join(
      list.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
      sql`, `,
    )} select 1`.execute(trx);
  }

  private async loadIn(
    db: Db,
    ids: string[],
    lock: RawBuilder<unknown>,
  ): Promise<Map<string, ArticleProjection>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<{ projection: ArticleProjection }>`
      select projection from ${this.t('articles')} where article_id = any(${ids}::text[]) ${lock}`.execute(
      db,
    );
    return new Map(rows.map((r) => [r.projection.articleId, r.projection]));
  }

  /**
   * Text search parsing is the costliest part of a row, so the tsvector is only recomputed when the
   * headline or body changed (a null `searchable` keeps the stored one).
   */
  private upsertArticles(list: ArticleChange[]): RawBuilder<unknown> {
    const text = (p: ArticleProjection): string => `${p.headline} ${p.body.join(' ')}`;
    const rows = list.map(({ before, after: p }) => {
      return {
        article_id: p.articleId,
        version: p.version,
        status: p.status,
        headline: p.headline,
        language: p.language,
        first_published: timestamp(p.firstPublished),
        last_revised: timestamp(p.lastRevised),
        last_sequence: p.lastSequence,
        searchable: before && text(before) === text(p) ? null : text(p),
      };
    });
    return sql`
      insert into ${this.t('articles')}
        (article_id, version, status, headline, language, first_published, last_revised, last_sequence, projection, search)
      select article_id, version, status, headline, language, first_published, last_revised, last_sequence, projection::json,
        to_tsvector('simple', searchable)
      from rows from (
        ${recordset(rows)} as (article_id text, version int, status text, headline text, language text,
          first_published timestamptz, last_revised timestamptz, last_sequence int, searchable text),
        ${jsonColumn(list.map((c) => c.after))}
      ) as t(article_id, version, status, headline, language, first_published, last_revised, last_sequence, searchable, projection)
      on conflict (article_id) do update set
        version = excluded.version, status = excluded.status, headline = excluded.headline, language = excluded.language,
        first_published = excluded.first_published, last_revised = excluded.last_revised, last_sequence = excluded.last_sequence,
        projection = excluded.projection, search = coalesce(excluded.search, ${this.t('articles')}.search)
      where ${this.t('articles')}.last_sequence < excluded.last_sequence`;
  }

  /** One chunk row per article: the batch's versions of it, in order. */
  private insertChunks(chunks: VersionChunk[]): RawBuilder<unknown> | undefined {
    if (chunks.length === 0) return undefined;
    const rows = chunks.map((c) => ({
      article_id: c.articleId,
      first_version: c.firstVersion,
      last_version: c.lastVersion,
    }));
    return sql`
      insert into ${this.t('article_version_chunks')} (article_id, first_version, last_version, entries)
      select article_id, first_version, last_version, entries::json
      from rows from (
        ${recordset(rows)} as (article_id text, first_version int, last_version int),
        ${jsonColumn(chunks.map((c) => c.entries))}
      ) as t(article_id, first_version, last_version, entries)
      on conflict do nothing`;
  }

  /**
   * Deletes the stored rows of these articles now (an insert in the same statement as the delete
   * would collide with them) and returns the insert. Articles new in this batch have no rows to
   * delete (a rebuild's are nearly all new).
   */
  private async replaceAttributions(
    trx: Db,
    list: ArticleChange[],
  ): Promise<RawBuilder<unknown> | undefined> {
    if (list.length === 0) return undefined;
    const stored = list.filter((c) => c.before !== undefined).map((c) => c.after.articleId);
    if (stored.length > 0)
      await sql`delete from ${this.t('attributions')} where article_id = any(${stored}::text[])`.execute(trx);
    const rows = list.flatMap(({ after: p }) =>
      p.attributions
        .flatMap((g) => g.claims.map((c) => ({ g, c })))
        .map(({ g, c }, ordinal) => ({
          article_id: p.articleId,
          ordinal,
          outlet_id: g.outlet.id,
          outlet_name: g.outlet.name,
          outlet_kind: g.outlet.kind,
          cue: c.cue,
          claim: c.claim,
          sentence: c.sentence,
          start_offset: c.start,
          end_offset: c.end,
          confidence: c.confidence,
        })),
    );
    if (rows.length === 0) return undefined;
    return sql`
      insert into ${this.t('attributions')}
        (article_id, ordinal, outlet_id, outlet_name, outlet_kind, cue, claim, sentence, start_offset, end_offset, confidence)
      select * from ${recordset(rows)} as t(article_id text, ordinal int, outlet_id text, outlet_name text, outlet_kind text,
        cue text, claim text, sentence text, start_offset int, end_offset int, confidence float8)`;
  }

  /** Offsets only move forward: a redelivered (older) batch leaves them as they are. */
  private writeOffsets(group: string, offsets: OffsetCommit[]): RawBuilder<unknown> | undefined {
    if (offsets.length === 0) return undefined;
    const rows = offsets.map((o) => ({
      consumer_group: group,
      topic: o.topic,
      partition: o.partition,
      next_offset: o.nextOffset,
    }));
    return sql`
      insert into ${this.t('consumer_offsets')} (consumer_group, topic, partition, next_offset)
      select * from ${recordset(rows)} as t(consumer_group text, topic text, partition int, next_offset bigint)
      on conflict (consumer_group, topic, partition) do update
        set next_offset = greatest(${this.t('consumer_offsets')}.next_offset, excluded.next_offset)`;
  }

  committedOffsets(group: string, topic: string): Promise<Map<number, string>> {
    return committedOffsetsIn(this.db, this.schema, group, topic);
  }

  /**
   * Secondary indexes are every index but those of constraints (primary keys, which the writes'
   * upserts need). A rebuild that inserted into them row by row spent most of its database time
   * keeping them, the GIN search index above all; one build at the end sorts once.
   */
  async deferIndexes(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`create table if not exists ${this.t('deferred_indexes')} (name text primary key, definition text not null)`.execute(
        trx,
      );
      const { rows } = await sql<{ indexname: string; indexdef: string }>`
        select indexname, indexdef from pg_indexes i
        where schemaname = ${this.schema} and not exists (
          select 1 from pg_constraint c where c.connamespace = ${this.schema}::regnamespace and c.conname = i.indexname)`.execute(
        trx,
      );
      for (const { indexname, indexdef } of rows) {
        await sql`insert into ${this.t('deferred_indexes')} values (${indexname}, ${indexdef})`.execute(trx);
        await sql`drop index ${sql.table(`${this.schema}.${indexname}`)}`.execute(trx);
      }
    });
  }

  async buildIndexes(): Promise<void> {
    const exists =
      await sql`select 1 from pg_tables where schemaname = ${this.schema} and tablename = 'deferred_indexes'`.execute(
        this.db,
      );
    if (exists.rows.length === 0) return;
    const { rows } = await sql<{ name: string; definition: string }>`
      select name, definition from ${this.t('deferred_indexes')}`.execute(this.db);
    for (const { name, definition } of rows)
      await this.db.transaction().execute(async (trx) => {
        // The default 64 MB made the GIN build spill to disk in passes.
        await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
        await sql.raw(definition).execute(trx);
        await sql`delete from ${this.t('deferred_indexes')} where name = ${name}`.execute(trx);
      });
    await sql`drop table ${this.t('deferred_indexes')}`.execute(this.db);
  }

  async mergeSearchPending(): Promise<void> {
    await sql`select gin_clean_pending_list(${`${this.schema}.articles_search`}::regclass)`.execute(this.db);
  }

  /**
   * Answers once the read model can be read: the server answers, and the schema's tables exist
   * (a reader that does not migrate waits for its writer) and may be read.
   */
  async ping(): Promise<void> {
    await sql`select 1 from ${this.t('articles')} limit 0`.execute(this.db);
  }

  close(): Promise<void> {
    return this.handle.release();
  }
}
