import type { Consumer, ConsumerRunConfig } from 'kafkajs';
import type { KafkaConnection } from '../shared/kafka-connection';

/** How long a consumer stopped by a crash waits before it is started again. */
export const RESTART_AFTER_CRASH_MS = 1000;

/**
 * `consumer.run(config)`, started again after every crash kafkajs would leave stopped. kafkajs
 * restarts a consumer only when the crash's cause is retriable; one that could not find its group
 * coordinator while the broker was away ("Failed to find group coordinator", not retriable) stays
 * disconnected for good, and its stage with it, where the default client goes on retrying. Returns
 * `disconnect()`, which stops the restarts before it disconnects the consumer.
 */
export async function runKeptRunning(
  consumer: Consumer,
  config: ConsumerRunConfig,
  groupId: string,
  log: KafkaConnection['log'],
): Promise<{ disconnect: () => Promise<void> }> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const again = () => {
    timer = undefined;
    if (stopped) return;
    consumer
      .connect()
      .then(() => (stopped ? undefined : consumer.run(config)))
      .catch((error: unknown) => {
        log?.('warn', `${groupId}: the consumer could not be started again`, { err: error });
        timer = setTimeout(again, RESTART_AFTER_CRASH_MS);
      });
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopped) return;
    log?.('warn', `${groupId}: the consumer crashed; starting it again in ${RESTART_AFTER_CRASH_MS} ms`, {
      err: payload.error,
    });
    timer = setTimeout(again, RESTART_AFTER_CRASH_MS);
  });
  await consumer.run(config);
  return {
    disconnect: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await consumer.disconnect();
    },
  };
}
