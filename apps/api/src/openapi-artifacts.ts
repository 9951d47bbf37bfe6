import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from './openapi.document';

/**
 * Where the document is kept, with the client types openapi-typescript generates from it
 * (openapi.d.ts, what openapi-fetch takes), for clients that do not run the api. `npm run openapi`
 * writes both; a unit test checks both are current. (npm scripts and jest run at the project root;
 * this file runs from src/ and from dist/.)
 */
export const OPENAPI_JSON = join(process.cwd(), 'apps', 'api', 'openapi', 'openapi.json');

export const openApiJson = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

export const keptOpenApiJson = (): string => readFileSync(OPENAPI_JSON, 'utf8');

if (require.main === module) writeFileSync(OPENAPI_JSON, openApiJson());
