import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the local broker and the embedded database when nothing is configured', () => {
    const c = loadConfig({});
    expect(c.kafka.local).toBe(true);
    expect(c.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(c.db.url).toBeUndefined();
    expect(c.maxInputBytes).toBe(5 * 1024 * 1024);
    expect(c.kafka.client).toBe('platformatic');
  });

  it('takes brokers, database and tunables from the environment', () => {
    const c = loadConfig({
      KAFKA_BROKERS: 'k1:9092,k2:9093',
      DATABASE_URL: 'postgres://u@db:5432/newswire',
      TOPIC_PREFIX: 'staging.',
      HTTP_PORT: '8080',
      KAFKA_CLIENT: 'kafkajs',
    });
    expect(c.kafka).toMatchObject({ local: false, brokers: ['k1:9092', 'k2:9093'], topicPrefix: 'staging.' });
    expect(c.kafka.client).toBe('kafkajs');
    expect(c.db.url).toBe('postgres://u@db:5432/newswire');
    expect(c.http.port).toBe(8080);
  });

  it('rejects a malformed value with a message naming the variable', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'not a broker list' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig({ KAFKA_CLIENT: 'rdkafka' })).toThrow(/KAFKA_CLIENT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: a postgres:\/\/ URL/);
  });

  it('requires credentials with a SASL mechanism', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_SASL_MECHANISM: 'plain' })).toThrow(
      /KAFKA_SASL_USERNAME/,
    );
  });
});
