#!/usr/bin/env node
/**
 * newswire CLI. Results go to stdout, progress and errors to stderr.
 * Each command lives in ./commands/<name>.command.ts and exports `run(args, io)`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from './command';
import { processIo } from './command';
import { projectRoot } from './project-root';

const USAGE = `usage: newswire <command> [options]
       newswire <command> --help     the command's options
       newswire --version

commands:
  start                          start the local stack (broker if needed, topics, every app)
  normalize FILE [--format F] [--as canonical|ninjs|ninjs2]
  attribute FILE                 who reported what, as JSON
  outlets --unregistered         outlets the read model cites that the registry lacks
  dedup FILE...                  normalize -> attribute -> curate in memory, one JSON line per file
  publish FILE|DIR...            send wire files to wire.raw.v1
  tail                           follow article projections
  dlq list|show|redrive          inspect and redrive the dead-letter topic
  replay projections [--from-beginning|--from-timestamp T|--verify]
  reprocess --from-beginning     re-run wire.raw.v1 into a new event-log generation
  feeds list|status|test FEED    the ingest app's feeds; test --url URL fetches one and prints its items
  subscriptions list|redrive NAME  the router's subscriptions; redrive sends a webhook's dead letters back
  topics [--fix]                 create missing topics, report (--fix: reset) drifted configs
  asyncapi [--schemas DIR]       the AsyncAPI 3 document of the topics (and their JSON Schemas)
  demo                           publish the bundled sample set and print a summary
`;

async function main(argv: string[]): Promise<number> {
  const io = processIo();
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    const { version } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    io.out(`newswire ${version}`);
    return 0;
  }
  if (
    !/^[a-z][a-z-]*$/.test(name) ||
    (!existsSync(join(__dirname, 'commands', `${name}.command.js`)) &&
      !existsSync(join(__dirname, 'commands', `${name}.command.ts`)))
  ) {
    io.err(`newswire: unknown command '${name}'\n${USAGE}`);
    return 2;
  }

  const command = require(`./commands/${name}.command`) as CommandModule;
  return command.run(args, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`newswire: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
