import {
  SASLMechanisms,
  compatibilityPartitioner,
  type BaseOptions,
  type MessageToProduce,
} from '@platformatic/kafka';
import type { OutMessage } from '../message-bus.port';
import { tlsOf, type KafkaConnection } from '../shared/kafka-connection';

const MECHANISMS = {
  plain: SASLMechanisms.PLAIN,
  'scram-sha-256': SASLMechanisms.SCRAM_SHA_256,
  'scram-sha-512': SASLMechanisms.SCRAM_SHA_512,
} as const;

const toBuffer = (v: string | Buffer | null | undefined) =>
  v == null ? undefined : typeof v === 'string' ? Buffer.from(v) : v;

/**
 * Keyed messages go where kafkajs and the Java client put them (murmur2 of the key, made positive
 * by masking; the library's default partitioner differs), so that switching clients keeps every
 * article on its partition. Unkeyed ones go round the partitions, as with kafkajs.
 */
export function partitioner() {
  let next = 0;
  return (message: MessageToProduce, key: Buffer | undefined) =>
    key ? compatibilityPartitioner(message, key) : next++;
}

export function record(m: OutMessage): MessageToProduce {
  const headers = new Map<Buffer, Buffer>();
  for (const [k, v] of Object.entries(m.headers ?? {})) headers.set(Buffer.from(k), Buffer.from(v));
  return { topic: m.topic, key: toBuffer(m.key), value: toBuffer(m.value), headers, partition: m.partition };
}

/** The options every client of the bus is made with: brokers, TLS, SASL, retries. */
export function baseOptions(conn: KafkaConnection): BaseOptions {
  const tls = tlsOf(conn);
  return {
    clientId: conn.clientId,
    bootstrapBrokers: conn.brokers,
    ...(tls ? { tls } : {}),
    ...(conn.sasl
      ? {
          sasl: {
            mechanism: MECHANISMS[conn.sasl.mechanism],
            username: conn.sasl.username,
            password: conn.sasl.password,
          },
        }
      : {}),
    // A transaction's first send right after the previous commit finds its markers still being
    // written (CONCURRENT_TRANSACTIONS, 1-3 ms here) and is retried: back-offs that start at 2 ms
    // and double (a 50 ms first back-off was half of each stage's latency at 500 stories/s), capped
    // at 10 s, 20 of them: ~86 s in all, which still outlasts a broker restart.
    retries: 20,
    retryDelay: (_client, _operation, attempt) => Math.min(10000, 2 ** attempt),
  };
}
