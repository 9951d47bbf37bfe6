import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface AppProcess {
  name: string;
  child: ChildProcess;
  logs(): string;
  /** SIGTERM (graceful) or SIGKILL; resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs a built app (dist/apps/<name>/src/main.js) as its own process, as in production. */
export function startApp(name: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
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
