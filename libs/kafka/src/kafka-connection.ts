/** Where and how to reach Kafka: the same for every client libs/kafka runs on. */
export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Receives the client's own log lines (level: error|warn|info|debug). */
  log?: (level: string, message: string, extra: Record<string, unknown>) => void;
}
