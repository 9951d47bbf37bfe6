import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** dist/ of the running build: this file is dist/bench/src/support/app-runner.js. */
export const DIST = join(__dirname, '..', '..', '..');

const CONCURRENT_TRANSACTIONS = 'Failed to send messages: The producer attempted to update a transaction';

export interface RunningApp {
  name: string;
  child: ChildProcess;
  pid: number;
  logs(): string;
  /** Log lines so far that say the broker refused a transaction step as CONCURRENT_TRANSACTIONS. */
  concurrentTransactionRetries(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a built entry point (relative to dist/) as its own process, as in production. With
 * `profileDir`, node writes a V8 CPU profile there when the process exits.
 */
export function startProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  profileDir?: string,
): RunningApp {
  const flags = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...flags, join(DIST, entry)], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let concurrent = 0;
  const keep = (chunk: Buffer) => {
    // kafkajs logs each retry of a transaction step the coordinator has not finished (error 51).
    concurrent += chunk.toString('utf8').split(CONCURRENT_TRANSACTIONS).length - 1;
    output = (output + chunk.toString('utf8')).slice(-50_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    pid: child.pid!,
    logs: () => output,
    concurrentTransactionRetries: () => concurrent,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts apps/<name> from dist/. */
export function startApp(name: string, env: Record<string, string>, profileDir?: string): RunningApp {
  return startProcess(name, join('apps', name, 'src', 'main.js'), env, profileDir);
}
