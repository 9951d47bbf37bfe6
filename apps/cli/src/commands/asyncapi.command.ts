import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@newswire/config';
import { asyncApiDocument, messageJsonSchemas } from '@newswire/contracts';
import type { CliIo } from '../command';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';

const SPEC = {
  name: 'asyncapi',
  usage: 'asyncapi [--schemas DIR]',
  help: `Prints the AsyncAPI 3 document of the topics this configuration writes (TOPIC_PREFIX,
EVENTS_GENERATION applied).

  --schemas DIR    also write each JSON message's JSON Schema there as <Name>.json`,
  options: { schemas: { type: 'string' } },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire asyncapi`: prints the AsyncAPI 3 document of the topics this configuration writes
 * (TOPIC_PREFIX, EVENTS_GENERATION); `--schemas DIR` also writes each JSON message's JSON Schema
 * there as `<Name>.json`.
 */
export function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return Promise.resolve(parsed);
  const { values } = parsed;
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
