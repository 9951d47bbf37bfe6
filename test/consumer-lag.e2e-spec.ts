import { join } from 'node:path';
import { spawnBuilt, appEnv, type AppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { createTopics, eventually, testBus, uniquePrefix } from './support/kafka-test-env';
import { parseMetrics, samplesOf } from './support/prometheus-text';

/**
 * A worker that has just started (or restarted) reports the lag of every partition it was
 * assigned at once: before, it had no newswire_consumer_lag series until a batch came, and a
 * summed-lag "drained" check over an idle input read 0 for a worker that had not even joined.
 */
describe('newswire_consumer_lag after a (re)start', () => {
  let app: AppProcess | undefined;
  afterAll(() => app?.stop());

  it('has a series per assigned partition before any message arrives', async () => {
    const bus = testBus();
    const prefix = uniquePrefix('lag');
    const topics = await createTopics(bus, prefix, 3);
    await bus.close();
    const port = await freePort();
    app = spawnBuilt('normalizer', join('apps', 'normalizer', 'src', 'main.js'), {
      ...appEnv(prefix),
      METRICS_PORT: String(port),
    });
    const lag = await eventually(
      async () => {
        const samples = parseMetrics(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
        const series = samplesOf(samples, 'newswire_consumer_lag', { topic: topics.raw });
        return series.length === 3 ? series : undefined;
      },
      60000,
      500,
      () => app!.logs(),
    );
    expect(lag.map((s) => [s.labels.partition, s.value]).sort()).toEqual([
      ['0', 0],
      ['1', 0],
      ['2', 0],
    ]);
  }, 90000);
});
