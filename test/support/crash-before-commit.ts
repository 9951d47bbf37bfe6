// Runs a transactional pipeline that SIGKILLs its own process after sending its outputs and
// before committing: what a crash in the middle of a transaction looks like to the broker.
import { KafkajsBus } from '@newswire/kafka';

async function main(): Promise<void> {
  const [input, output, dlq, groupId] = process.argv.slice(2);
  const bus = new KafkajsBus({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'crasher',
  });
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
