import type { TopicNames } from '@newswire/contracts';
import { createMessageBus, type MessageBus } from '@newswire/kafka';
import { openReadModelStore, type ReadModelStore } from '@newswire/storage';
import { appEnv, appLogs, startApp, type AppProcess } from './app-process';
import { dropSchemas } from './database';
import { createTopics, kafkaClient, uniquePrefix } from './kafka-test-env';

export const PIPELINE = ['normalizer', 'curator', 'projector'] as const;

/**
 * The pipeline's apps as processes in a topic namespace and DB schema of their own, on a given
 * broker and PostgreSQL, plus a bus and a read-model handle for the test to look with.
 */
export class FaultStack {
  private readonly running = new Map<string, AppProcess>();
  private readonly all: AppProcess[] = [];

  private constructor(
    readonly bus: MessageBus,
    readonly topics: TopicNames,
    readonly env: Record<string, string>,
    readonly store: ReadModelStore,
    private readonly dropSchema: () => Promise<void>,
  ) {}

  static async open(
    name: string,
    {
      brokers,
      databaseUrl,
      extra = {},
    }: { brokers: string; databaseUrl: string; extra?: Record<string, string> },
  ): Promise<FaultStack> {
    const bus = createMessageBus({ brokers: brokers.split(','), clientId: `fault-${name}` }, kafkaClient());
    const prefix = uniquePrefix(name);
    const topics = await createTopics(bus, prefix);
    const schema = `fault_${prefix.replace(/[^a-z0-9]/g, '_')}`.slice(0, 50);
    const env = appEnv(prefix, {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: databaseUrl,
      DB_SCHEMA: schema,
      ...extra,
    });
    const store = await openReadModelStore({ databaseUrl, schema });
    return new FaultStack(bus, topics, env, store, () => dropSchemas(databaseUrl, schema));
  }

  start(...names: string[]): void {
    for (const name of names) this.startWith(name, {});
  }

  /** Starts one app with settings of its own on top of the stack's (e.g. its METRICS_PORT). */
  startWith(name: string, env: Record<string, string>): void {
    const app = startApp(name, { ...this.env, ...env });
    this.running.set(name, app);
    this.all.push(app);
  }

  app(name: string): AppProcess {
    return this.running.get(name)!;
  }

  /** Fails, with the logs, when the app's process has exited. */
  assertRunning(name: string): void {
    const { child } = this.app(name);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode})\n${this.logs()}`);
  }

  /** SIGKILL: no drain, no commit, no leaving the group; an open transaction is left behind. */
  async kill(name: string): Promise<void> {
    await this.running.get(name)?.stop('SIGKILL');
    this.running.delete(name);
  }

  /** The last lines of every process this stack ran, the dead ones too. */
  logs = (): string => appLogs(this.all);

  async close(): Promise<void> {
    await Promise.all([...this.running.values()].map((a) => a.stop()));
    await this.store.close();
    await this.bus.close();
    await this.dropSchema();
  }
}
