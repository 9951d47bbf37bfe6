import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS, subscriptionTopic, topicNames, type ArticleProjection } from '@newswire/contracts';
import { createMessageBus, type InMessage, type MessageBus } from '@newswire/kafka';
import { projectionAt } from '../../libs/routing/src/projection.fixture';
import { appEnv, appLogs, startApp, type AppProcess } from '../support/app-process';
import { ownBroker, type OwnBroker } from '../support/fault-services';
import { createTopics, eventually, kafkaClient, readAll, uniquePrefix } from '../support/kafka-test-env';
import { WebhookReceiver } from '../support/webhook-receiver';
import { sendProjections } from '../support/send-projections';

const SECRET_VAR = 'ROUTER_FAULT_HOOK_SECRET';
const ARTICLES = 120;

/**
 * The router on a broker of this test's own, restarted while it routes a stream of projections,
 * and SIGKILLed once after: every version is on the Kafka subscription's topic exactly once, and
 * the webhook receiver has every version at least once, each article's in order.
 */
describe('router: broker restart and SIGKILL mid-stream', () => {
  const secret = `s-${Math.random().toString(36).slice(2)}`;
  const hook = new WebhookReceiver(secret);
  const apps: AppProcess[] = [];
  let broker: OwnBroker;
  let bus: MessageBus;
  let dir: string;

  beforeAll(async () => {
    broker = await ownBroker();
    await broker.start();
    bus = createMessageBus({ brokers: broker.brokers.split(','), clientId: 'router-faults' }, kafkaClient());
  }, 150000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await hook.close();
    await bus?.close();
    await broker?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60000);

  it('writes every version once on Kafka and at least once, in order, by webhook', async () => {
    const prefix = uniquePrefix('routerfault');
    await createTopics(bus, prefix);
    const port = await hook.listen();
    dir = mkdtempSync(join(tmpdir(), 'newswire-router-fault-'));
    const file = join(dir, 'subscriptions.yaml');
    writeFileSync(
      file,
      `subscriptions:
  - name: all
    delivery: { kind: kafka }
  - name: hook
    delivery:
      kind: webhook
      url: http://127.0.0.1:${port}/in
      secret: { env: ${SECRET_VAR} }
      timeoutSeconds: 2
      maxAttempts: 100
      backoffSeconds: 0.2
      maxBackoffSeconds: 2
`,
    );
    const env = appEnv(prefix, {
      KAFKA_BROKERS: broker.brokers,
      ROUTER_SUBSCRIPTIONS_FILE: file,
      [SECRET_VAR]: secret,
      BATCH_MAX_MESSAGES: '10',
    });
    apps.push(startApp('router', env));
    const logs = () => appLogs(apps);
    await eventually(
      () => (apps[0].logs().includes('webhook consumer started') ? true : undefined),
      60000,
      250,
      logs,
    );

    // Every article twice: its first version, then a correction.
    const versions: ArticleProjection[] = [];
    for (let i = 0; i < ARTICLES; i++) versions.push(projectionAt(1, { articleId: `art_f${i}` }));
    for (let i = 0; i < ARTICLES; i++)
      versions.push(projectionAt(2, { articleId: `art_f${i}` }, ['published', 'correction']));
    const send = (batch: ArticleProjection[]) => sendProjections(bus, topicNames(prefix).projections, batch);
    const onTopic = async () => readAll(bus, subscriptionTopic(prefix, 'all'));
    const kv = (m: InMessage) => `${m.key?.toString()}:${m.headers[HEADERS.projectionVersion]}`;

    for (let i = 0; i < 120; i += 20) await send(versions.slice(i, i + 20));
    await eventually(async () => ((await onTopic()).length >= 40 ? true : undefined), 60000, 200, logs);
    await broker.restart();
    for (let i = 120; i < 180; i += 20) await send(versions.slice(i, i + 20));
    await eventually(async () => ((await onTopic()).length >= 150 ? true : undefined), 120000, 200, logs);
    await apps[0].stop('SIGKILL');
    apps.push(startApp('router', env));
    await send(versions.slice(180));

    const all = await eventually(
      async () => {
        const out = await onTopic();
        return out.length >= versions.length ? out : undefined;
      },
      180000,
      500,
      logs,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const settled = await onTopic();
    expect(settled.length).toBe(all.length);
    expect(new Set(settled.map(kv)).size).toBe(versions.length);
    expect(settled.length).toBe(versions.length);

    await eventually(
      () => (new Set(hook.received.map((r) => r.delivery)).size >= versions.length ? true : undefined),
      180000,
      500,
      logs,
    );
    for (let i = 0; i < ARTICLES; i++) {
      const firsts = ['1', '2'].map((v) => hook.received.findIndex((r) => r.delivery === `art_f${i}:${v}`));
      expect({ i, inOrder: firsts[0] >= 0 && firsts[0] < firsts[1] }).toEqual({ i, inOrder: true });
    }
    expect(hook.received.every((r) => r.signed)).toBe(true);
  }, 600000);
});
