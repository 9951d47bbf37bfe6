import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * pino JSON logs to stdout (fd 1, async-safe). Every line carries the service name; stage code adds
 * traceId and articleId through child loggers so one trace can be followed from raw wire to projection.
 * A CLI command logs to stderr (fd 2) instead: its stdout is its result.
 */
export function createLogger(service: string, level: string = 'info', fd: 1 | 2 = 1): Logger {
  const options = {
    name: service,
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return fd === 1 ? pino(options) : pino(options, pino.destination(2));
}

/** A child logger for one message: the fields every line about a message carries (docs/architecture.md, "Logs and traces"). */
export function messageLogger(
  logger: Logger,
  fields: { traceId?: string; articleId?: string; storyKey?: string },
): Logger {
  return logger.child(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
}
