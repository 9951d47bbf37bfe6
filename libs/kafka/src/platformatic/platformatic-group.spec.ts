import { Consumer, MultipleErrors, NetworkError } from '@platformatic/kafka';
import { brokersOf, describeError, groupTimeouts } from './platformatic-group';

describe('groupTimeouts', () => {
  // The client validates its group options when the member is made, before any connection.
  const member = (sessionTimeoutMs: number) =>
    new Consumer({
      clientId: 'spec',
      bootstrapBrokers: ['127.0.0.1:1'],
      groupId: 'spec',
      ...groupTimeouts(sessionTimeoutMs),
    });

  it.each([6000, 30000, 60000, 90000, 300000])(
    'gives a session timeout of %i ms options the client accepts',
    async (ms) => {
      const consumer = member(ms);
      await consumer.close();
    },
  );

  it('keeps the rebalance timeout at least the session timeout and a minute', () => {
    expect(groupTimeouts(90000).rebalanceTimeout).toBe(90000);
    expect(groupTimeouts(30000).rebalanceTimeout).toBe(60000);
  });
});

describe('describeError', () => {
  it('tells a broker outage by its cause and address, each inner error once', () => {
    // As the client reports a fetch to a broker that is down, retried twice.
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:9092'), { code: 'ECONNREFUSED' });
    const attempt = () =>
      new MultipleErrors('Cannot connect to any broker.', [
        new NetworkError('Connection to 10.0.0.7:9092 failed.', { cause: refused }),
      ]);
    expect(describeError(new MultipleErrors('metadata failed 2 times.', [attempt(), attempt()]))).toBe(
      'metadata failed 2 times. [Cannot connect to any broker. [Connection to 10.0.0.7:9092 failed. ' +
        '(connect ECONNREFUSED 10.0.0.7:9092)]]',
    );
  });

  it('names the bootstrap brokers, given as strings or as hosts and ports', () => {
    expect(brokersOf({ clientId: 'x', bootstrapBrokers: ['k1:9092', 'k2:9093'] })).toBe('k1:9092,k2:9093');
    expect(brokersOf({ clientId: 'x', bootstrapBrokers: [{ host: 'k1', port: 9092 }] })).toBe('k1:9092');
  });
});
