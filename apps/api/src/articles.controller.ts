import { Controller, Get, Header, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HEADERS, type ArticleProjection } from '@newswire/contracts';
import { diffProjections } from '@newswire/projection';
import { READ_MODEL_READER } from '@newswire/runtime';
import type { ReadModelReader } from '@newswire/storage';
import { ArticleId, ArticleSearchQuery, DiffQuery, VersionNumber } from './query.schemas';
import { validate } from './zod-validation';

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(@Inject(READ_MODEL_READER) private readonly store: ReadModelReader) {}

  @Get()
  @ApiOperation({
    summary: 'Search articles by outlet cited, time, text, status and language (cursor pagination)',
  })
  @ApiQuery({
    name: 'outlet',
    required: false,
    description: 'outlet id, e.g. irib, fars, al-manar, unnamed:state-media',
  })
  @ApiQuery({ name: 'since', required: false, description: 'ISO-8601; first published at or after' })
  @ApiQuery({ name: 'until', required: false, description: 'ISO-8601; first published before' })
  @ApiQuery({ name: 'q', required: false, description: 'full-text search over headline and body' })
  @ApiQuery({ name: 'status', required: false, enum: ['published', 'withdrawn'] })
  @ApiQuery({ name: 'language', required: false, description: 'BCP-47 tag, e.g. en, ar, fa' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1..100, default 20' })
  async search(@Query() query: Record<string, unknown>) {
    const q = validate(ArticleSearchQuery, query, 'query');
    return this.store.searchArticles({ ...q, text: q.q, limit: q.limit });
  }

  @Get(':id')
  @ApiOperation({ summary: 'The current projection of an article' })
  @ApiParam({ name: 'id' })
  @ApiOkResponse({ description: 'ArticleProjection; its version also in the projection-version header' })
  @Header('content-type', 'application/json; charset=utf-8')
  async get(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<string> {
    const article = this.found(
      await this.store.getArticleJson(validate(ArticleId, id, 'id')),
      `article ${id}`,
    );
    reply.header(HEADERS.projectionVersion, String(article.version));
    // The stored JSON text as is: pg's parse and Nest's re-stringify of a ~5 kB projection cost
    // ~70 us of CPU per request, a third of this route's.
    return article.json;
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Every version of an article: number, time and kind of change' })
  async versions(@Param('id') id: string) {
    const article = this.found(await this.store.getArticle(validate(ArticleId, id, 'id')), `article ${id}`);
    return { articleId: article.articleId, versions: await this.store.listVersions(article.articleId) };
  }

  @Get(':id/versions/:n')
  @ApiOperation({ summary: 'One version of an article, as readers saw it then' })
  async version(@Param('id') id: string, @Param('n') n: string): Promise<ArticleProjection> {
    const version = validate(VersionNumber, n, 'version');
    return this.found(
      await this.store.getVersion(validate(ArticleId, id, 'id'), version),
      `version ${version} of article ${id}`,
    );
  }

  @Get(':id/diff')
  @ApiOperation({ summary: 'What changed between two versions of an article' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  async diff(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    const articleId = validate(ArticleId, id, 'id');
    const { from, to } = validate(DiffQuery, query, 'query');
    const [a, b] = await Promise.all([
      this.store.getVersion(articleId, from),
      this.store.getVersion(articleId, to),
    ]);
    this.found(a, `version ${from} of article ${id}`);
    this.found(b, `version ${to} of article ${id}`);
    return { articleId, from, to, changes: diffProjections(a!, b!) };
  }

  private found<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new NotFoundException(`${what} not found`);
    return value;
  }
}
