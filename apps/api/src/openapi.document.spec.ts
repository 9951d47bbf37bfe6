import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileErrors, validate } from '@readme/openapi-parser';
import { keptOpenApiJson, OPENAPI_JSON, openApiJson } from './openapi-artifacts';
import { openApiDocument } from './openapi.document';

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (@readme/openapi-parser) and describes every route with its errors', async () => {
    const document = openApiDocument();
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
    const article = document.paths!['/articles/{id}']!.get!;
    expect(article.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'id', required: true })]);
    expect(Object.keys(article.responses!)).toEqual(['200', '304', '400', '404', '500', '503']);
    expect(Object.keys(document.components!.schemas!)).toEqual(
      expect.arrayContaining(['ArticleProjection', 'ArticlePage', 'Problem', 'OutletList', 'Health']),
    );
    const search = document.paths!['/articles']!.get!.parameters!.map((p) => ('name' in p ? p.name : ''));
    expect(search).toEqual(['outlet', 'since', 'until', 'q', 'status', 'language', 'cursor', 'limit']);
  });

  it('is kept in apps/api/openapi with the client types generated from it, both current (else: npm run openapi)', () => {
    expect(keptOpenApiJson()).toBe(openApiJson());
    // openapi-typescript's CLI in a process of its own: its ESM dependencies do not load in jest's.
    const cli = join(process.cwd(), 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const types = execFileSync(process.execPath, [cli, OPENAPI_JSON], { encoding: 'utf8' });
    expect(readFileSync(OPENAPI_JSON.replace(/\.json$/, '.d.ts'), 'utf8')).toBe(types);
  }, 30000);
});
