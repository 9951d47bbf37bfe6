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

/** What each app has been doing, short enough to survive a CI log's truncation (see logDigest). */
export function appLogs(apps: AppProcess[]): string {
  return apps.map((a) => `--- ${a.name} (pid ${a.child.pid}${exitOf(a)})\n${logDigest(a.logs())}`).join('\n');
}

function exitOf(a: AppProcess): string {
  const { exitCode, signalCode } = a.child;
  return exitCode !== null || signalCode !== null ? `, exited ${exitCode ?? signalCode}` : '';
}

const QUIET = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'msg']);
/** pino's levels by the label newswire logs. */
const SEVERITY: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * An app's output in brief: its last warnings and errors, then its last lines, each pino line as
 * `time LEVEL msg {fields}` and cut at 300 characters. A failed wait's message shows every app's
 * state; the raw tails of three debug-level apps were cut from the middle by the CI log's limit.
 */
export function logDigest(output: string, o: { problems?: number; tail?: number } = {}): string {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const shown = lines.map((raw) => {
    if (!raw.startsWith('{')) return { text: raw.slice(0, 300), problem: /error|warn/i.test(raw) };
    try {
      const line = JSON.parse(raw) as Record<string, unknown>;
      const label = typeof line.level === 'string' ? line.level : 'info';
      const time = typeof line.time === 'string' ? line.time.slice(11, 23) : '';
      const rest = Object.fromEntries(Object.entries(line).filter(([k]) => !QUIET.has(k)));
      const fields = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      const text = `${time} ${label.toUpperCase()} ${String(line.msg)}${fields}`.slice(0, 300);
      return { text, problem: (SEVERITY[label] ?? 30) >= SEVERITY.warn };
    } catch {
      return { text: raw.slice(0, 300), problem: false };
    }
  });
  const problems = shown.filter((l) => l.problem).slice(-(o.problems ?? 8));
  const tail = shown.slice(-(o.tail ?? 8));
  return [
    ...(problems.length
      ? ['warnings and errors:', ...problems.map((l) => `  ${l.text}`), 'last lines:']
      : []),
    ...tail.map((l) => `  ${l.text}`),
  ].join('\n');
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
