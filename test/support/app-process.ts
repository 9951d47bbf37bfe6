import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project folder: this file runs from test/support under jest and from dist/test/support in the benches. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
}

/** The build the apps run from. */
export const DIST = join(projectRoot(), 'dist');

export interface AppProcess {
  name: string;
  child: ChildProcess;
  logs(): string;
  /** SIGTERM (graceful) or SIGKILL; resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  /** node's own flags (e.g. the V8 profiler's). */
  nodeFlags?: string[];
  logLevel?: string;
  /** How much of the latest output `logs()` keeps. */
  keepChars?: number;
  /** Sees every chunk of output. */
  onOutput?: (text: string) => void;
}

/** Runs a built entry point (relative to dist/) as its own process, as in production. */
export function spawnBuilt(
  name: string,
  entry: string,
  env: Record<string, string>,
  o: SpawnOptions = {},
): AppProcess {
  const child = spawn(process.execPath, [...(o.nodeFlags ?? []), join(DIST, entry)], {
    env: { ...process.env, LOG_LEVEL: o.logLevel ?? 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keepChars = o.keepChars ?? 200_000;
  let output = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    o.onOutput?.(text);
    output = (output + text).slice(-keepChars);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    logs: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Runs a built app (dist/apps/<name>/src/main.js) as its own process, as in production. */
export function startApp(name: string, env: Record<string, string>): AppProcess {
  return spawnBuilt(name, join('apps', name, 'src', 'main.js'), env);
}

/** Environment for apps under test: their own topic namespace and consumer groups. */
export function appEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    TOPIC_PREFIX: prefix,
    GROUP_PREFIX: `${prefix}g`,
    TOPIC_PARTITIONS: '3',
    SESSION_TIMEOUT_MS: '6000',
    ...extra,
  };
}

/** The tail of each app's output, for a failed wait to show what the apps were doing. */
export function appLogs(apps: AppProcess[]): string {
  return apps.map((a) => `--- ${a.name}\n${a.logs().slice(-3000)}`).join('\n');
}

/** The pino lines (JSON, one a line) in an app's output; anything else it printed is skipped. */
export function pinoLines<T>(output: string): T[] {
  return output.split('\n').flatMap((text) => {
    if (!text.startsWith('{')) return [];
    try {
      return [JSON.parse(text) as T];
    } catch {
      return [];
    }
  });
}
