import { Consumer } from '@platformatic/kafka';
import { groupTimeouts } from './platformatic-group';

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
