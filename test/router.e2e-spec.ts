import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HEADERS,
  subscriptionDlqTopic,
  subscriptionTopic,
  type ArticleProjection,
  type TopicNames,
} from '@newswire/contracts';
import type { InMessage } from '@newswire/kafka';
import { projectionAt } from '../libs/routing/src/projection.fixture';
import { appEnv, appLogs, startApp, type AppProcess } from './support/app-process';
import { runCli } from './support/cli-process';
import { e2eHarness } from './support/e2e-harness';
import { freePort } from './support/free-port';
import { createTopics, eventually, readAll, uniquePrefix } from './support/kafka-test-env';
import { WebhookReceiver } from './support/webhook-receiver';
import { sendProjections } from './support/send-projections';

const SECRET_VAR = 'ROUTER_E2E_HOOK_SECRET';

/** Article `id` at `version`: every later version a correction, `fa` or `en`. */
const article = (
  id: string,
  version: number,
  o: Partial<ArticleProjection> = {},
  kinds?: ArticleProjection['revisions'][number]['kind'][],
) => projectionAt(version, { articleId: id, ...o }, kinds);

const keyVersion = (m: InMessage) => `${m.key?.toString()}:${m.headers[HEADERS.projectionVersion]}`;

/**
 * The router on the real broker: projections in, one topic per Kafka subscription written exactly
 * once, webhooks POSTed signed to real receivers on loopback that fail, hang and recover, dead
 * letters redriven, and a subscriptions file changed under the running router.
 */
describe('router: subscriptions on Kafka and webhooks', () => {
  const harness = e2eHarness();
  const secret = `s-${Math.random().toString(36).slice(2)}`;
  const hook = new WebhookReceiver(secret);
  let dead = new WebhookReceiver(secret);
  let prefix: string;
  let t: TopicNames;
  let dir: string;
  let file: string;
  let deadPort: number;
  let hookPort: number;
  let metricsPort: number;
  let env: Record<string, string>;
  let router: AppProcess;
  const logs = () => appLogs(harness.apps);

  const subscriptionsYaml = (englishLanguages: string[], extra = '') => `
subscriptions:
  - name: english
    filter: { languages: [${englishLanguages.join(', ')}] }
    delivery: { kind: kafka }
  - name: hook
    format: ninjs-2.2
    delivery:
      kind: webhook
      url: http://127.0.0.1:${hookPort}/in
      secret: { env: ${SECRET_VAR} }
      timeoutSeconds: 1
      backoffSeconds: 0.1
      maxBackoffSeconds: 0.4
  - name: dead
    filter: { languages: [fa] }
    delivery:
      kind: webhook
      url: http://127.0.0.1:${deadPort}/in
      secret: { env: ${SECRET_VAR} }
      timeoutSeconds: 1
      maxAttempts: 2
      backoffSeconds: 0.1
${extra}`;

  const send = (projections: ArticleProjection[]) => sendProjections(harness.bus, t.projections, projections);
  const topic = (name: string) => subscriptionTopic(prefix, name);
  const waitFor = <T>(check: () => Promise<T | undefined> | T | undefined, ms = 60000) =>
    eventually(check, ms, 250, logs);

  beforeAll(async () => {
    prefix = uniquePrefix('router');
    t = await createTopics(harness.bus, prefix);
    dir = mkdtempSync(join(tmpdir(), 'newswire-router-'));
    file = join(dir, 'subscriptions.yaml');
    hookPort = await hook.listen();
    deadPort = await freePort();
    // The dead subscriber checks signatures but never answers.
    dead.answer = () => 'hang';
    await dead.listen(deadPort);
    // The first attempts of two deliveries fail: one twice with a 500, one hangs past the timeout.
    hook.answer = (delivery, attempt) =>
      delivery === 'art_k1:1' && attempt <= 2
        ? 'fail'
        : delivery === 'art_k3:1' && attempt === 1
          ? 'hang'
          : 'ok';
    writeFileSync(file, subscriptionsYaml(['en']));
    metricsPort = await freePort();
    env = appEnv(prefix, {
      ROUTER_SUBSCRIPTIONS_FILE: file,
      [SECRET_VAR]: secret,
      BATCH_MAX_MESSAGES: '20',
      METRICS_PORT: String(metricsPort),
    });
    router = startApp('router', env);
    harness.apps.push(router);
    await waitFor(() => (router.logs().match(/webhook consumer started/g)?.length === 2 ? true : undefined));
  }, 90000);

  afterAll(async () => {
    await hook.close();
    await dead.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each matching article version to the Kafka subscription once, withdrawing what stops matching or is killed', async () => {
    const firsts = Array.from({ length: 10 }, (_, i) =>
      article(`art_k${i}`, 1, { language: i % 2 ? 'fa' : 'en' }),
    );
    await send(firsts);
    await send([
      article('art_k0', 2, {}, ['published', 'correction']),
      article('art_k2', 2, { language: 'fa' }, ['published', 'update']),
      article('art_k4', 2, { status: 'withdrawn' }, ['published', 'withdrawn']),
      article('art_k6', 2, {}, ['published', 'duplicate']),
      // Published twice (the projector's producer may repeat one): nothing more goes out.
      article('art_k0', 2, {}, ['published', 'correction']),
      firsts[8],
    ]);
    // The webhook subscriber takes everything: once it has it all, the router has routed it all.
    await waitFor(() => (new Set(hook.received.map((r) => r.delivery)).size >= 13 ? true : undefined));
    const out = await readAll(harness.bus, topic('english'));
    expect(out.map(keyVersion).sort()).toEqual(
      ['art_k0:1', 'art_k2:1', 'art_k4:1', 'art_k6:1', 'art_k8:1', 'art_k0:2', 'art_k2:2', 'art_k4:2'].sort(),
    );
    const byKey = new Map(out.map((m) => [keyVersion(m), m]));
    const ninjs = (kv: string) => JSON.parse(byKey.get(kv)!.value!.toString()) as Record<string, unknown>;
    expect(byKey.get('art_k0:2')!.headers).toMatchObject({
      [HEADERS.signal]: 'correction',
      [HEADERS.traceId]: 'trace-art_k0',
      [HEADERS.contentType]: 'application/ninjs+json; version=3.1',
    });
    expect(ninjs('art_k0:1')).toMatchObject({
      uri: 'urn:newswire:article:art_k0',
      version: '1',
      pubStatus: 'usable',
    });
    expect([ninjs('art_k2:2').pubStatus, byKey.get('art_k2:2')!.headers[HEADERS.signal]]).toEqual([
      'canceled',
      'unmatched',
    ]);
    expect([ninjs('art_k4:2').pubStatus, byKey.get('art_k4:2')!.headers[HEADERS.signal]]).toEqual([
      'canceled',
      'withdrawn',
    ]);
  }, 120000);

  it('POSTs every version signed, in order per article, through failures and a hang, while a dead receiver delays no one', async () => {
    const deliveries = new Set(hook.received.map((r) => r.delivery));
    expect(deliveries.size).toBe(13);
    expect(hook.received.every((r) => r.signed)).toBe(true);
    expect(hook.attempts.filter((a) => a === 'art_k1:1').length).toBeGreaterThanOrEqual(3);
    expect(hook.attempts.filter((a) => a === 'art_k3:1').length).toBeGreaterThanOrEqual(2);
    for (const id of ['art_k0', 'art_k2', 'art_k4']) {
      const versions = hook.received.filter((r) => r.delivery.startsWith(`${id}:`)).map((r) => r.delivery);
      expect(versions.slice(0, 2)).toEqual([`${id}:1`, `${id}:2`]);
    }
    expect(JSON.parse(hook.received.find((r) => r.delivery === 'art_k4:2')!.body).pubstatus).toBe('canceled');
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/newswire_webhook_delivered_total\{[^}]*subscription="hook"[^}]*\} 1[3-9]/);
    expect(metrics).toMatch(/newswire_webhook_failed_attempts_total\{[^}]*subscription="hook"[^}]*\} [3-9]/);
    // The dead subscriber (fa only: 5 first versions and art_k2's second) takes 2 s a delivery: it
    // was still far behind when the live one had everything.
    const dlq = subscriptionDlqTopic(prefix, 'dead');
    expect((await readAll(harness.bus, dlq)).length).toBeLessThan(6);
    const dead6 = await waitFor(async () => {
      const all = await readAll(harness.bus, dlq);
      return all.length >= 6 ? all : undefined;
    }, 90000);
    expect(dead6.map(keyVersion).sort()).toEqual(
      ['art_k1:1', 'art_k3:1', 'art_k5:1', 'art_k7:1', 'art_k9:1', 'art_k2:2'].sort(),
    );

    // The receiver comes back; the dead letters are redriven once.
    await dead.close();
    dead = new WebhookReceiver(secret);
    await dead.listen(deadPort);
    const cliEnv = { ...env, LOG_LEVEL: 'silent' };
    const first = await runCli(['subscriptions', 'redrive', 'dead'], cliEnv);
    expect([first.code, first.stderr, JSON.parse(first.stdout)]).toEqual([0, '', { redriven: 6 }]);
    await waitFor(() => (new Set(dead.received.map((r) => r.delivery)).size >= 6 ? true : undefined));
    const again = await runCli(['subscriptions', 'redrive', 'dead'], cliEnv);
    expect(JSON.parse(again.stdout)).toEqual({ redriven: 0 });
  }, 180000);

  it('takes a changed subscriptions file without a restart', async () => {
    writeFileSync(
      file,
      subscriptionsYaml(
        ['en', 'fa'],
        '  - name: persian\n    filter: { languages: [fa] }\n    delivery: { kind: kafka }\n',
      ),
    );
    await waitFor(() => (router.logs().includes('persian (kafka') ? true : undefined));
    await send([
      article('art_k1', 2, { language: 'fa' }, ['published', 'update']),
      article('art_k20', 1, { language: 'fa' }),
    ]);
    const english = await waitFor(async () => {
      const all = (await readAll(harness.bus, topic('english'))).map(keyVersion);
      return all.includes('art_k20:1') ? all : undefined;
    });
    expect(english.filter((kv) => kv === 'art_k1:2' || kv === 'art_k20:1').sort()).toEqual([
      'art_k1:2',
      'art_k20:1',
    ]);
    const persian = await waitFor(async () => {
      const all = (await readAll(harness.bus, topic('persian'))).map(keyVersion);
      return all.length >= 2 ? all : undefined;
    });
    expect(persian.sort()).toEqual(['art_k1:2', 'art_k20:1']);
    // A bad edit is refused, and the subscriptions in force stay.
    writeFileSync(file, 'subscriptions:\n  - name: Bad Name\n    delivery: { kind: kafka }\n');
    await waitFor(() => (router.logs().includes('subscriptions file refused') ? true : undefined));
    expect(router.child.exitCode).toBeNull();
    writeFileSync(file, subscriptionsYaml(['en', 'fa']));
    await waitFor(() => (router.logs().match(/subscriptions in force/g)?.length === 3 ? true : undefined));
  }, 120000);

  it('delivers each version exactly once on Kafka, at least once by webhook, across a SIGKILL of the router mid-stream', async () => {
    const many = Array.from({ length: 300 }, (_, i) => article(`art_m${i}`, 1, { language: 'en' }));
    const sending = (async () => {
      for (let i = 0; i < many.length; i += 20) {
        await send(many.slice(i, i + 20));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const atKill = await waitFor(async () => {
      const n = (await readAll(harness.bus, topic('english'))).filter((m) =>
        m.key?.toString().startsWith('art_m'),
      ).length;
      return n >= 60 ? n : undefined;
    });
    await router.stop('SIGKILL');
    expect(atKill).toBeLessThan(many.length);
    await sending;
    const restarted = startApp('router', env);
    harness.apps.push(restarted);
    const mine = await waitFor(async () => {
      const all = (await readAll(harness.bus, topic('english'))).filter((m) =>
        m.key?.toString().startsWith('art_m'),
      );
      return all.length >= many.length ? all : undefined;
    }, 120000);
    // Longer than a round: nothing more comes.
    await new Promise((r) => setTimeout(r, 2000));
    const settled = (await readAll(harness.bus, topic('english'))).filter((m) =>
      m.key?.toString().startsWith('art_m'),
    );
    expect(settled.length).toBe(mine.length);
    expect(new Set(settled.map(keyVersion)).size).toBe(many.length);
    expect(settled.length).toBe(many.length);
    // The webhook subscriber got every one too, at least once, across the kill.
    await waitFor(() => {
      const got = new Set(hook.received.map((r) => r.delivery).filter((d) => d.startsWith('art_m')));
      return got.size >= many.length ? true : undefined;
    }, 120000);
  }, 300000);
});
