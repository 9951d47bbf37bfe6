import type { Logger } from '@newswire/observability';

/**
 * SIGTERM or SIGINT closes the app (a worker's consumer drains, commits and leaves its group; the
 * api stops taking requests), once its start has settled, then the process exits 0, or 1 when
 * closing failed. Not Nest's enableShutdownHooks: that runs the shutdown hooks without app.close()
 * and raises the signal again, so the process dies by it (exit 143) before pino has written its
 * last lines. A second signal while stopping is ignored.
 */
export function stopOnSignals(
  close: () => Promise<void>,
  logger: Logger,
  service: string,
): { starting(start: Promise<unknown>): void } {
  let started: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ service, signal }, `${service} stopping`);
    void started
      .catch(() => undefined)
      .then(close)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, `${service} did not stop cleanly`);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop);
  return { starting: (start) => void (started = start) };
}
