import { StageMetrics } from './metrics';

const lagOf = async (metrics: StageMetrics) =>
  (await metrics.lag.get()).values.map((v) => ({ ...v.labels, lag: v.value }));

describe('StageMetrics.assignLag', () => {
  it('has a lag series for every assigned partition before any batch, and drops those no longer read', async () => {
    const metrics = new StageMetrics('normalizer');
    metrics.assignLag('normalizer', [
      { topic: 'raw', partition: 0, highWatermark: '10', nextOffset: '4' },
      { topic: 'raw', partition: 1, highWatermark: '7', nextOffset: '7' },
    ]);
    expect(await lagOf(metrics)).toEqual([
      { stage: 'normalizer', topic: 'raw', partition: '0', lag: 6 },
      { stage: 'normalizer', topic: 'raw', partition: '1', lag: 0 },
    ]);
    // A rebalance hands partition 0 to another instance and this one partition 2.
    metrics.assignLag('normalizer', [
      { topic: 'raw', partition: 1, highWatermark: '9', nextOffset: '7' },
      { topic: 'raw', partition: 2, highWatermark: '3', nextOffset: '0' },
    ]);
    expect(await lagOf(metrics)).toEqual([
      { stage: 'normalizer', topic: 'raw', partition: '1', lag: 2 },
      { stage: 'normalizer', topic: 'raw', partition: '2', lag: 3 },
    ]);
  });
});
