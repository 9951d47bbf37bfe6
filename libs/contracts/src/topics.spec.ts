import { MAX_MESSAGE_BYTES, MAX_RECORD_BYTES, subscriptionTopicSpecs, topicSpecs } from './topics';

describe('subscriptionTopicSpecs', () => {
  it("sizes a webhook subscription's dead letters like wire.dlq.v1, so any delivery's dead letter fits", () => {
    const pipelineDlq = topicSpecs('p.').find((t) => t.name === 'p.wire.dlq.v1')!;
    expect(subscriptionTopicSpecs('p.', 'hook', 'webhook', 6)).toEqual([
      {
        name: 'p.article.out.v1.hook',
        partitions: 6,
        config: { 'max.message.bytes': String(MAX_RECORD_BYTES) },
      },
      {
        name: 'p.article.out.v1.hook.dlq',
        partitions: 1,
        config: { 'max.message.bytes': String(MAX_MESSAGE_BYTES), 'retention.ms': '-1' },
      },
    ]);
    expect(pipelineDlq.config['max.message.bytes']).toBe(String(MAX_MESSAGE_BYTES));
  });

  it('gives a Kafka subscription its deliveries topic only', () => {
    expect(subscriptionTopicSpecs('', 'all', 'kafka', 3).map((t) => t.name)).toEqual(['article.out.v1.all']);
  });
});
