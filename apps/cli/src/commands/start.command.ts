import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@newswire/config';
import { bootstrapTopics, describeDrift } from '@newswire/kafka';
import { embeddedDataDir, startEmbeddedPostgres, type EmbeddedPostgres } from '@newswire/storage';
import { withBus } from '../cli-context';
import type { CliIo } from '../command';
import { startDemoFeed } from '../demo-feed';
import { DEMO_SUBSCRIPTIONS } from '../demo-subscription';
import { parseCommandArgs, type CommandSpec, type OptionSpec } from '../parse-command-args';
import { projectRoot } from '../project-root';
import { claimStack, type StackPort } from '../supervisor/stack-claims';

const APPS = ['normalizer', 'curator', 'projector', 'api', 'ingest', 'router'] as const;
const EXIT_WITH_PARENT = require.resolve('../supervisor/exit-with-parent');

const SPEC = {
  name: 'start',
  usage: 'start [--demo]',
  help: `Runs the whole stack on this machine: the local broker when KAFKA_BROKERS is unset, the
topics, an embedded PostgreSQL when DATABASE_URL is unset, and every app as its own process
(logs in DATA_DIR/logs/), restarting an app that dies; Ctrl-C or SIGTERM stops it all.

  --demo              also a demo feed and drop folder for the ingest app and a demo subscription
                      for the router (unless their files are set), then the bundled sample
                      stories published and the summary table printed`,
  options: { demo: { type: 'boolean' } },
} satisfies CommandSpec<Record<string, OptionSpec>>;

/**
 * `newswire start [--demo]`: the whole stack on this machine. Starts the local broker when no
 * KAFKA_BROKERS is set, creates the topics, runs every app as its own process (logs in
 * DATA_DIR/logs), restarts an app that dies, and stops everything on Ctrl-C / SIGTERM. The apps
 * die with it however it dies (exit-with-parent), and a second `start` on the same DATA_DIR or ports
 * is refused before anything starts.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, SPEC, io);
  if (typeof parsed === 'number') return parsed;
  const flags = parsed.values;
  const root = projectRoot();
  const env: NodeJS.ProcessEnv = { ...process.env };
  const config = loadConfig(env);
  // One METRICS_PORT shared by every worker would have all but one fail to listen: give each
  // worker the next port in turn.
  const metricsPorts: Record<string, { METRICS_PORT: string }> = {};
  // The api serves its own on HTTP_PORT, the ingest app on INGEST_PORT.
  if (config.metricsPort > 0)
    APPS.filter((app) => app !== 'api' && app !== 'ingest').forEach(
      (app, i) => (metricsPorts[app] = { METRICS_PORT: String(config.metricsPort + i) }),
    );
  const ports: StackPort[] = [
    { setting: 'HTTP_PORT', host: config.http.host, port: config.http.port },
    { setting: 'INGEST_PORT', host: config.http.host, port: config.ingest.port },
    ...Object.entries(metricsPorts).map(([app, { METRICS_PORT }]) => ({
      setting: `METRICS_PORT (${app})`,
      host: config.http.host,
      port: Number(METRICS_PORT),
    })),
  ];
  if (!config.db.url)
    ports.push({ setting: 'EMBEDDED_DB_PORT', host: '127.0.0.1', port: config.db.embeddedPort });
  mkdirSync(config.db.dataDir, { recursive: true });
  // Port 0 is any free port: nothing to claim.
  const release = await claimStack(
    config.db.dataDir,
    ports.filter((p) => p.port > 0),
  );

  const services = require(join(root, 'scripts', 'local-services.js')) as {
    ensureKafka(env: NodeJS.ProcessEnv): Promise<{ brokers: string; started: boolean }>;
    stopKafka(env: NodeJS.ProcessEnv): void;
  };
  io.err(
    config.kafka.local
      ? 'starting the local Kafka broker…'
      : `using Kafka at ${config.kafka.brokers.join(',')}`,
  );
  const kafka = await services.ensureKafka(env);
  // The same client settings (TLS, SASL) as every other command, at the broker just ensured.
  const { created, drift } = await withBus(({ bus }) => bootstrapTopics(bus, config.kafka), env);
  if (created.length) io.err(`created topics: ${created.join(', ')}`);
  for (const d of drift) io.err(`topic drift: ${describeDrift(d)}`);
  let embedded: EmbeddedPostgres | undefined;
  if (config.db.url) io.err('read model: PostgreSQL at DATABASE_URL');
  else {
    embedded = await startEmbeddedPostgres({
      dataDir: embeddedDataDir(config.db.dataDir),
      port: config.db.embeddedPort,
    });
    env.DATABASE_URL = embedded.url;
    io.err(
      `read model: embedded PostgreSQL (PGlite) in ${embeddedDataDir(config.db.dataDir)}, served on ${embedded.url}`,
    );
  }

  // The demo's own feed and drop folder for the ingest app, unless a feeds file is given.
  const demoFeed =
    flags.demo && !config.ingest.feedsFile ? await startDemoFeed(root, config.db.dataDir) : undefined;
  if (demoFeed) {
    env.INGEST_FEEDS_FILE = demoFeed.feedsFile;
    io.err(`demo feed: ${demoFeed.url} (polled), drop folder ${demoFeed.dropDir}`);
  }
  // The demo's subscription for the router, unless a subscriptions file is given.
  if (flags.demo && !config.router.subscriptionsFile) {
    env.ROUTER_SUBSCRIPTIONS_FILE = DEMO_SUBSCRIPTIONS(root);
    io.err(`demo subscriptions: ${env.ROUTER_SUBSCRIPTIONS_FILE}`);
  }

  const logDir = join(config.db.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const launch = (app: string) => {
    // The app writes its stdout and stderr to its log itself: piped through here, the first pipe
    // to end closed the log and the other's next write crashed the supervisor
    // (ERR_STREAM_WRITE_AFTER_END), and an app outliving the supervisor wrote into a dead pipe (pino
    // then retries EPIPE for ever on exit). The IPC channel tells the app its supervisor is gone
    // (exit-with-parent).
    const log = openSync(join(logDir, `${app}.log`), 'a');
    const child = spawn(
      process.execPath,
      ['--require', EXIT_WITH_PARENT, join(root, 'dist', 'apps', app, 'src', 'main.js')],
      { env: { ...env, ...metricsPorts[app] }, stdio: ['ignore', log, log, 'ipc'] },
    );
    closeSync(log);
    children.set(app, child);
    io.err(`${app} started (pid ${child.pid})`);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      io.err(`${app} exited (${signal ?? code}); restarting in 1 s — see ${join(logDir, `${app}.log`)}`);
      setTimeout(() => !stopping && launch(app), 1000);
    });
  };
  for (const app of APPS) launch(app);

  const api = `http://${config.http.host}:${config.http.port}`;
  await waitForHealth(`${api}/health`, 120000);
  io.err(`newswire is up: ${APPS.length} apps, logs in ${logDir}`);
  for (const [app, { METRICS_PORT }] of Object.entries(metricsPorts))
    io.err(`${app}: /metrics and /health on http://${config.http.host}:${METRICS_PORT}`);
  io.out(`API listening on ${api}  (OpenAPI at ${api}/docs, health at ${api}/health)`);
  if (flags.demo) {
    const demo = require('./demo.command') as { run(args: string[], io: CliIo): Promise<number> };
    await demo.run([], io);
  }
  io.err('press Ctrl-C to stop');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopping = true;
  io.err('stopping…');
  await Promise.all(
    [...children.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.kill('SIGKILL'), 15000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  await embedded?.stop();
  await demoFeed?.close();
  if (kafka.started) services.stopKafka(env);
  release();
  io.err('stopped');
  return 0;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000} s`);
}
