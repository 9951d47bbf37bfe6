import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The one validated configuration object, built once at start from the environment. Nothing else
 * reads process.env. Every address and tunable is here, with its default.
 */
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * The Kafka clients libs/kafka can run on. @platformatic/kafka is the default: it passes every
 * exactly-once and fault test and runs the transactional pipeline twice as fast as kafkajs
 * (unmaintained, kept as the reference); see BENCHMARKS.md, "Kafka clients".
 */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClient = (typeof KAFKA_CLIENTS)[number];

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export const EnvSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, 'a comma-separated list of host:port')
    .optional(),
  KAFKA_PORT: int(9092, 1),
  KAFKA_CLIENT_ID: z.string().default('newswire'),
  KAFKA_CLIENT: z.enum(KAFKA_CLIENTS).default('platformatic'),
  KAFKA_SSL: bool(false),
  KAFKA_SSL_CA_FILE: z.string().optional(),
  KAFKA_SSL_CERT_FILE: z.string().optional(),
  KAFKA_SSL_KEY_FILE: z.string().optional(),
  KAFKA_SASL_MECHANISM: z.enum(SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
    .default(''),
  TOPIC_PARTITIONS: int(6, 1),
  EVENTS_GENERATION: int(1, 1),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_DB_PORT: int(54329, 1),
  DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
    .default('newswire'),
  // How long a database pool keeps an unused connection open (pg's default); 0 keeps it for good.
  DB_POOL_IDLE_MS: int(10000, 0),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: int(3000, 0),
  /** Concurrent GET /stream connections the api serves (each holds a Kafka consumer); beyond them, 503. */
  API_MAX_STREAMS: int(100, 0),
  METRICS_PORT: int(0, 0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_INPUT_BYTES: int(5 * 1024 * 1024, 1024),
  BATCH_MAX_MESSAGES: int(500, 1),
  BATCH_MIN_INTERVAL_MS: int(25, 0),
  // Brokers refuse a session timeout outside group.min/max.session.timeout.ms (6 s and 30 min by
  // default); the group's rebalance timeout follows it (libs/kafka).
  SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6000)
    .max(1800000, "at most 1800000 (30 min, brokers' default group.max.session.timeout.ms)")
    .default(30000),
  GROUP_PREFIX: z.string().default('newswire'),
  // Where OpenTelemetry spans go (OTLP over HTTP, e.g. http://collector:4318); none: not exported.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** The ingest app's feeds (YAML or JSON); unset: it runs no feed. */
  INGEST_FEEDS_FILE: z.string().optional(),
  /** The ingest app's HTTP port: pushes (`POST /ingest/:feed`), /metrics and /health. */
  INGEST_PORT: int(3100, 0),
  /** The router's subscriptions (YAML or JSON), read again whenever it changes; unset: none. */
  ROUTER_SUBSCRIPTIONS_FILE: z.string().optional(),
  /** How far back the curator looks for copies and related stories (days of publication time). */
  DEDUP_WINDOW_DAYS: int(30, 1),
});

/**
 * TLS to the brokers: PEM contents, read at start from the KAFKA_SSL_*_FILE settings. Without a CA
 * the system's trusted CAs verify the brokers; a client certificate (mTLS) comes with its key.
 */
export interface KafkaTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface KafkaSasl {
  mechanism: (typeof SASL_MECHANISMS)[number];
  username: string;
  password: string;
}

export interface AppConfig {
  kafka: {
    brokers: string[];
    /** True when no KAFKA_BROKERS was given: the project's own local broker is used (and started). */
    local: boolean;
    clientId: string;
    /** Which Kafka client library libs/kafka runs on. */
    client: KafkaClient;
    /** false: plaintext. */
    ssl: false | KafkaTls;
    sasl?: KafkaSasl;
    topicPrefix: string;
    partitions: number;
    /** Which generation of article.events.v1 the curator writes and the projector reads (see reprocess). */
    eventsGeneration: number;
    groupPrefix: string;
    sessionTimeoutMs: number;
    batchMaxMessages: number;
    /** Least time between the starts of two of a stage instance's rounds (fetch, process, commit). */
    batchMinIntervalMs: number;
  };
  db: { url?: string; dataDir: string; schema: string; embeddedPort: number; poolIdleMs: number };
  http: { host: string; port: number; maxStreams: number };
  metricsPort: number;
  /** OTLP/HTTP endpoint spans are exported to; undefined: spans are not exported. */
  otlpEndpoint?: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  maxInputBytes: number;
  ingest: { feedsFile?: string; port: number };
  router: { subscriptionsFile?: string };
  /** The curator's near-duplicate window; guids and exact hashes are kept for good. */
  dedup: { windowDays: number };
}

export class ConfigError extends Error {
  constructor(issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The consumer group of a stage (`normalizer`, `curator`, `projector`), one name for the stage and
 * for the tools that watch or move its offsets.
 */
export function stageGroupId(kafka: { groupPrefix: string }, stage: string): string {
  return `${kafka.groupPrefix}.${stage}`;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.KAFKA_SASL_MECHANISM && (!e.KAFKA_SASL_USERNAME || !e.KAFKA_SASL_PASSWORD)) {
    throw new ConfigError(['KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD']);
  }
  if (!e.KAFKA_SASL_MECHANISM && (e.KAFKA_SASL_USERNAME || e.KAFKA_SASL_PASSWORD)) {
    // Credentials without a mechanism would be ignored: the app would connect without them.
    throw new ConfigError(['KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM']);
  }
  return {
    kafka: {
      brokers: e.KAFKA_BROKERS ? e.KAFKA_BROKERS.split(',') : [`127.0.0.1:${e.KAFKA_PORT}`],
      local: !e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      client: e.KAFKA_CLIENT,
      ssl: kafkaTls(e),
      sasl: e.KAFKA_SASL_MECHANISM
        ? {
            mechanism: e.KAFKA_SASL_MECHANISM,
            username: e.KAFKA_SASL_USERNAME!,
            password: e.KAFKA_SASL_PASSWORD!,
          }
        : undefined,
      topicPrefix: e.TOPIC_PREFIX,
      partitions: e.TOPIC_PARTITIONS,
      eventsGeneration: e.EVENTS_GENERATION,
      groupPrefix: e.GROUP_PREFIX,
      sessionTimeoutMs: e.SESSION_TIMEOUT_MS,
      batchMaxMessages: e.BATCH_MAX_MESSAGES,
      batchMinIntervalMs: e.BATCH_MIN_INTERVAL_MS,
    },
    db: {
      url: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      schema: e.DB_SCHEMA,
      embeddedPort: e.EMBEDDED_DB_PORT,
      poolIdleMs: e.DB_POOL_IDLE_MS,
    },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, maxStreams: e.API_MAX_STREAMS },
    metricsPort: e.METRICS_PORT,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    logLevel: e.LOG_LEVEL,
    maxInputBytes: e.MAX_INPUT_BYTES,
    ingest: { feedsFile: e.INGEST_FEEDS_FILE, port: e.INGEST_PORT },
    router: { subscriptionsFile: e.ROUTER_SUBSCRIPTIONS_FILE },
    dedup: { windowDays: e.DEDUP_WINDOW_DAYS },
  };
}

/**
 * A secret a feeds file points at: a file's content (trimmed), or an environment variable's value
 * (this module is the one that reads the environment). Throws naming where it looked, never the value.
 */
export function readSecret(
  ref: { file: string } | { env: string },
  env: Record<string, string | undefined> = process.env,
): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (!value) throw new ConfigError([`${ref.env}: the secret's environment variable is unset or empty`]);
    return value;
  }
  let value: string;
  try {
    value = readFileSync(ref.file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError([
      `${ref.file}: cannot read the secret (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  if (!value) throw new ConfigError([`${ref.file}: the secret file is empty`]);
  return value;
}

const TLS_FILES = {
  ca: 'KAFKA_SSL_CA_FILE',
  cert: 'KAFKA_SSL_CERT_FILE',
  key: 'KAFKA_SSL_KEY_FILE',
} as const;

/** Reads the PEM files now, so that a missing or unreadable one stops the app at start, named. */
function kafkaTls(e: z.infer<typeof EnvSchema>): false | KafkaTls {
  const given = (Object.keys(TLS_FILES) as (keyof KafkaTls)[]).filter((f) => e[TLS_FILES[f]]);
  if (!e.KAFKA_SSL) {
    // Ignoring the file would mean a plaintext connection to a TLS listener, which fails obscurely.
    if (given.length > 0) throw new ConfigError(given.map((f) => `${TLS_FILES[f]}: needs KAFKA_SSL=true`));
    return false;
  }
  if (given.includes('cert') !== given.includes('key')) {
    throw new ConfigError(['KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: a client certificate needs its key']);
  }
  const tls: KafkaTls = {};
  const issues: string[] = [];
  for (const f of given) {
    const name = TLS_FILES[f];
    const path = e[name]!;
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      issues.push(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    if (pem.includes('-----BEGIN ')) tls[f] = pem;
    else issues.push(`${name}: ${path} is not PEM (no -----BEGIN line)`);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return tls;
}

/** Names of every environment variable the apps read (docker-compose is checked against this). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);
