import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@newswire/config';
import { asyncApiDocument, messageJsonSchemas } from '@newswire/contracts';
import type { CliIo } from '../command';

const USAGE = 'usage: newswire asyncapi [--schemas DIR]';

/**
 * `newswire asyncapi`: prints the AsyncAPI 3 document of the topics this configuration writes
 * (TOPIC_PREFIX, EVENTS_GENERATION); `--schemas DIR` also writes each JSON message's JSON Schema
 * there as `<Name>.json`.
 */
export function run(args: string[], io: CliIo): Promise<number> {
  let values: { schemas?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { schemas: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    io.err(`newswire asyncapi: ${(error as Error).message}\n${USAGE}`);
    return Promise.resolve(2);
  }
  if (values.help) {
    io.out(USAGE);
    return Promise.resolve(0);
  }
  const { kafka } = loadConfig(process.env);
  io.out(
    JSON.stringify(
      asyncApiDocument({ prefix: kafka.topicPrefix, eventsGeneration: kafka.eventsGeneration }),
      null,
      2,
    ),
  );
  if (values.schemas) {
    mkdirSync(values.schemas, { recursive: true });
    for (const [name, schema] of Object.entries(messageJsonSchemas()))
      writeFileSync(join(values.schemas, `${name}.json`), JSON.stringify(schema, null, 2) + '\n');
    io.err(`newswire asyncapi: JSON Schemas written to ${values.schemas}`);
  }
  return Promise.resolve(0);
}
