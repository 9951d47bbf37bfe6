import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DIST } from './app-runner';

const KAFKA_SH = join(DIST, '..', 'scripts', 'kafka.sh');

export interface BrokerCeiling {
  producerPerSecond: number;
  producerMBps: number;
  producerAvgLatencyMs: number;
  consumerPerSecond: number;
  consumerMBps: number;
}

function tool(cls: string, args: string[]): string {
  const r = spawnSync('bash', [KAFKA_SH, 'tool', cls, ...args], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${cls} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/**
 * The broker's own ceiling on this machine: the Kafka tools' ProducerPerformance (acks=all, as our
 * producers) and ConsumerPerformance over `records` records of `recordSize` bytes on `topic`.
 */
export function brokerCeiling(
  brokers: string,
  topic: string,
  records: number,
  recordSize: number,
): BrokerCeiling {
  const produced = tool('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
  ]);
  // "200000 records sent, 95238.1 records/sec (190.48 MB/sec), 120.5 ms avg latency, ..."
  const p = /records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency/.exec(
    produced.trim().split('\n').pop() ?? '',
  );
  if (!p) throw new Error(`unexpected ProducerPerformance output: ${produced.slice(-500)}`);
  const consumed = tool('org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--messages',
    String(records),
    '--timeout',
    '60000',
  ]);
  // header line, then: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg,
  // nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec (fetch.* excludes the group join)
  const fields = (consumed.trim().split('\n').pop() ?? '').split(',').map((s) => s.trim());
  if (fields.length < 10) throw new Error(`unexpected ConsumerPerformance output: ${consumed.slice(-500)}`);
  return {
    producerPerSecond: Number(p[1]),
    producerMBps: Number(p[2]),
    producerAvgLatencyMs: Number(p[3]),
    consumerPerSecond: Number(fields[9]),
    consumerMBps: Number(fields[8]),
  };
}
