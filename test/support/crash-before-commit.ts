// Runs a transactional pipeline that SIGKILLs its own process after sending its outputs and
// before committing: what a crash in the middle of a transaction looks like to the broker.
import { createMessageBus } from '@newswire/kafka';
import { brokers, kafkaClient } from './kafka-test-env';

async function main(): Promise<void> {
  const [input, output, dlq, groupId] = process.argv.slice(2);
  const bus = createMessageBus({ brokers: brokers(), clientId: 'crasher' }, kafkaClient());
  await bus.runPipeline({
    stage: 'crasher',
    groupId,
    topics: [input],
    dlqTopic: dlq,
    sessionTimeoutMs: 6000,
    handler: (m) => [{ topic: output, key: m.key, value: m.value }],
    beforeCommit: () => {
      process.kill(process.pid, 'SIGKILL');
    },
  });
}

void main();
