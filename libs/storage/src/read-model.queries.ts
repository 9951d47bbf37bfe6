import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ArticleProjection } from '@newswire/contracts';
import { applyProjectionDelta, projectionDigest } from '@newswire/projection';
import type { DatabaseHandle } from './database';
import { openReadModelHandle, type ReadModelOptions } from './read-model.options';
import { decodeCursor, encodeCursor } from './search-cursor';
import { StorageError } from './storage.error';
import { MAX_VERSION, VERSION_SNAPSHOT_EVERY, type VersionEntry } from './version-chunks';

export interface ArticleQuery {
  /** Outlet id from the registry (e.g. `irib`): articles with at least one attribution to it. */
  outlet?: string;
  /** ISO times, inclusive, on `firstPublished`. */
  since?: string;
  until?: string;
  /** Full-text over headline and body (websearch syntax: words, "phrases", -not, or). */
  text?: string;
  status?: string;
  language?: string;
  cursor?: string;
  limit: number;
}

/** What the api serves: the read model's queries, and nothing that writes. */
export interface ReadModelReader {
  readonly schema: string;
  /** One round trip that reads the read model's schema (health checks): it fails until it exists. */
  ping(): Promise<void>;
  getArticle(id: string): Promise<ArticleProjection | undefined>;
  /** The current projection as its stored JSON text, unparsed, and its version: what the api sends as is. */
  getArticleJson(id: string): Promise<{ version: number; json: string } | undefined>;
  getVersion(id: string, n: number): Promise<ArticleProjection | undefined>;
  listVersions(id: string): Promise<{ version: number; at: string; kind: string }[]>;
  searchArticles(q: ArticleQuery): Promise<{ items: ArticleProjection[]; nextCursor?: string }>;
  digest(): Promise<{ digest: string; perArticle: Map<string, string> }>;
  close(): Promise<void>;
}

export const MAX_SEARCH_LIMIT = 200;
const DIGEST_PAGE = 2000;

/** Opens the read model for reading: it runs no migrations, so its role may be one that only reads. */
export async function openReadModelReader(opts: ReadModelOptions): Promise<ReadModelReader> {
  const { handle, schema } = await openReadModelHandle(opts);
  return new SqlReadModelQueries(handle, schema);
}

export class SqlReadModelQueries implements ReadModelReader {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly db: Kysely<any>;

  constructor(
    private readonly handle: DatabaseHandle,
    readonly schema: string,
  ) {
    this.db = handle.db;
  }

  private t(table: string): RawBuilder<unknown> {
    return sql.table(`${this.schema}.${table}`);
  }

  async getArticle(id: string): Promise<ArticleProjection | undefined> {
    const { rows } = await sql<{ projection: ArticleProjection }>`
      select projection from ${this.t('articles')} where article_id = ${id}`.execute(this.db);
    return rows[0]?.projection;
  }

  /** The api's hottest read: a prepared statement (planning was a third of its database time). */
  async getArticleJson(id: string): Promise<{ version: number; json: string } | undefined> {
    const rows = await this.handle.prepared<{ version: number; json: string }>(
      `article_json.${this.schema}`,
      `select version, projection::text as json from "${this.schema}".articles where article_id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The nearest whole version at or below `n`, then the deltas up to `n`, folded. */
  async getVersion(id: string, n: number): Promise<ArticleProjection | undefined> {
    if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) return undefined;
    const whole = n - ((n - 1) % VERSION_SNAPSHOT_EVERY);
    const entries = await this.versionEntries(id, whole, n);
    const from = entries.findLastIndex((e) => e.version <= n && e.projection !== undefined);
    if (from < 0 || entries[entries.length - 1].version < n) return undefined;
    let projection = entries[from].projection!;
    for (const e of entries.slice(from + 1)) {
      if (e.version > n) break;
      projection = e.projection ?? applyProjectionDelta(projection, e.delta!);
    }
    return projection;
  }

  async listVersions(id: string): Promise<{ version: number; at: string; kind: string }[]> {
    const entries = await this.versionEntries(id, 1, MAX_VERSION);
    return entries.map(({ version, at, kind }) => ({ version, at, kind }));
  }

  /** The entries of the chunks that hold any version from `from` to `to`, numbered, in order. */
  private async versionEntries(
    id: string,
    from: number,
    to: number,
  ): Promise<(VersionEntry & { version: number })[]> {
    const { rows } = await sql<{ first_version: number; entries: VersionEntry[] }>`
      select first_version, entries from ${this.t('article_version_chunks')}
      where article_id = ${id} and last_version >= ${from} and first_version <= ${to}
      order by first_version`.execute(this.db);
    return rows.flatMap((r) => r.entries.map((e, i) => ({ ...e, version: r.first_version + i })));
  }

  /** Newest first by firstPublished (then articleId), keyset-paginated: pages stay stable while rows arrive. */
  async searchArticles(q: ArticleQuery): Promise<{ items: ArticleProjection[]; nextCursor?: string }> {
    if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_SEARCH_LIMIT) {
      throw new StorageError('BAD_QUERY', `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`, 'limit');
    }
    const when = (name: 'since' | 'until'): string | undefined => {
      const v = q[name];
      if (v !== undefined && Number.isNaN(Date.parse(v)))
        throw new StorageError('BAD_QUERY', `${name} must be an ISO 8601 time, got "${v}"`, name);
      return v;
    };
    const since = when('since');
    const until = when('until');
    const where: RawBuilder<unknown>[] = [sql`true`];
    if (q.outlet !== undefined) {
      where.push(
        sql`exists (select 1 from ${this.t('attributions')} at where at.article_id = a.article_id and at.outlet_id = ${q.outlet})`,
      );
    }
    if (since !== undefined) where.push(sql`a.first_published >= ${since}::timestamptz`);
    if (until !== undefined) where.push(sql`a.first_published <= ${until}::timestamptz`);
    if (q.text !== undefined && q.text.trim() !== '')
      where.push(sql`a.search @@ websearch_to_tsquery('simple', ${q.text})`);
    if (q.status !== undefined) where.push(sql`a.status = ${q.status}`);
    // As a subscription's filter reads it: `en` takes `en` and `en-GB`, in any letter case.
    if (q.language !== undefined)
      where.push(
        sql`(lower(a.language) = lower(${q.language}) or lower(a.language) like lower(${q.language}) || '-%')`,
      );
    if (q.cursor !== undefined) {
      const c = decodeCursor(q.cursor);
      where.push(sql`(a.first_published, a.article_id) < (${c.firstPublished}::timestamptz, ${c.articleId})`);
    }
    const { rows } = await sql<{ projection: ArticleProjection; first_published: Date | string }>`
      select a.projection, a.first_published from ${this.t('articles')} a
      where ${sql.join(where, sql` and `)}
      order by a.first_published desc, a.article_id desc
      limit ${q.limit + 1}`.execute(this.db);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > q.limit && last
        ? encodeCursor({
            firstPublished: new Date(last.first_published).toISOString(),
            articleId: last.projection.articleId,
          })
        : undefined;
    return { items: page.map((r) => r.projection), nextCursor };
  }

  /**
   * Each article's digest (sha256 of its canonical JSON) and one sha256 over `articleId digest`
   * lines in code-unit order: what `replay --verify` compares. Computed here, when asked, rather
   * than on every write: canonical JSON was a third of the write path's CPU, and verify is rare.
   * Pages through the primary key so memory holds digests, not projections.
   */
  async digest(): Promise<{ digest: string; perArticle: Map<string, string> }> {
    const perArticle = new Map<string, string>();
    for (let after: string | undefined; ;) {
      const { rows } = await sql<{ article_id: string; projection: ArticleProjection }>`
        select article_id, projection from ${this.t('articles')}
        ${after === undefined ? sql`` : sql`where article_id > ${after}`}
        order by article_id limit ${DIGEST_PAGE}`.execute(this.db);
      for (const r of rows) perArticle.set(r.article_id, projectionDigest(r.projection));
      if (rows.length < DIGEST_PAGE) break;
      after = rows[rows.length - 1].article_id;
    }
    const ids = [...perArticle.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const hash = createHash('sha256');
    for (const id of ids) hash.update(`${id} ${perArticle.get(id)}\n`);
    return { digest: hash.digest('hex'), perArticle: new Map(ids.map((id) => [id, perArticle.get(id)!])) };
  }

  /**
   * Answers once the read model can be read: the server answers, and the schema's tables exist
   * (a reader that does not migrate waits for its writer) and may be read. On a connection of
   * its own, so that a pool busy with readers does not make it late.
   */
  ping(): Promise<void> {
    return this.handle.probe(`select 1 from "${this.schema}".articles limit 0`);
  }

  close(): Promise<void> {
    return this.handle.release();
  }
}
