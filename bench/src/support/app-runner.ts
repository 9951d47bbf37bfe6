import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { spawnBuilt } from '../../../test/support/app-process';

export { DIST } from '../../../test/support/app-process';

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
 * Starts a built entry point (relative to dist/) as its own process, as in production, logging
 * warnings only. With `profileDir`, node writes a V8 CPU profile there when the process exits.
 */
export function startProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  profileDir?: string,
): RunningApp {
  let concurrent = 0;
  const app = spawnBuilt(name, entry, env, {
    nodeFlags: profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [],
    logLevel: 'warn',
    keepChars: 50_000,
    // kafkajs logs each retry of a transaction step the coordinator has not finished (error 51).
    onOutput: (text) => (concurrent += text.split(CONCURRENT_TRANSACTIONS).length - 1),
  });
  return {
    name,
    child: app.child,
    pid: app.child.pid!,
    logs: app.logs,
    concurrentTransactionRetries: () => concurrent,
    stop: async (graceMs = 10_000) => {
      const timer = setTimeout(() => app.child.kill('SIGKILL'), graceMs);
      await app.stop('SIGTERM');
      clearTimeout(timer);
    },
  };
}

/** Starts apps/<name> from dist/. */
export function startApp(name: string, env: Record<string, string>, profileDir?: string): RunningApp {
  return startProcess(name, join('apps', name, 'src', 'main.js'), env, profileDir);
}
