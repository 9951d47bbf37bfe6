import type { KafkaSasl, KafkaTls } from '@newswire/config';

/** Where and how to reach Kafka: the same for every client libs/kafka runs on. */
export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  /** TLS to the brokers: true, or the CA (instead of the system's) and client certificate to use. */
  ssl?: boolean | KafkaTls;
  sasl?: KafkaSasl;
  /** Receives the client's own log lines (level: error|warn|info|debug). */
  log?: (level: string, message: string, extra: Record<string, unknown>) => void;
}

/** The connection's TLS settings (PEM contents), or undefined for plaintext. */
export function tlsOf(conn: KafkaConnection): KafkaTls | undefined {
  if (!conn.ssl) return undefined;
  return conn.ssl === true ? {} : conn.ssl;
}
