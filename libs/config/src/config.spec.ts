import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, SASL_MECHANISMS, loadConfig } from './config';

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

  it("takes the curator's near-duplicate window in days, 30 by default", () => {
    expect(loadConfig({}).dedup.windowDays).toBe(30);
    expect(loadConfig({ DEDUP_WINDOW_DAYS: '7' }).dedup.windowDays).toBe(7);
    expect(() => loadConfig({ DEDUP_WINDOW_DAYS: '0' })).toThrow(/DEDUP_WINDOW_DAYS/);
  });

  it('rejects a malformed value with a message naming the variable', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'not a broker list' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig({ KAFKA_CLIENT: 'rdkafka' })).toThrow(/KAFKA_CLIENT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: a postgres:\/\/ URL/);
  });

  it('takes a session timeout past a minute, within what brokers allow', () => {
    expect(loadConfig({ SESSION_TIMEOUT_MS: '90000' }).kafka.sessionTimeoutMs).toBe(90000);
    expect(() => loadConfig({ SESSION_TIMEOUT_MS: '5000' })).toThrow(/SESSION_TIMEOUT_MS/);
    expect(() => loadConfig({ SESSION_TIMEOUT_MS: '3600000' })).toThrow(
      /SESSION_TIMEOUT_MS: at most 1800000/,
    );
  });

  it('exports spans only to a configured OTLP endpoint', () => {
    expect(loadConfig({}).otlpEndpoint).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otlpEndpoint).toBe(
      'http://collector:4318',
    );
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('requires credentials with a SASL mechanism', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_SASL_MECHANISM: 'plain' })).toThrow(
      /KAFKA_SASL_USERNAME/,
    );
  });
});

describe('loadConfig: SASL', () => {
  const credentials = { KAFKA_SASL_USERNAME: 'newswire', KAFKA_SASL_PASSWORD: 's3cret' };

  it.each(SASL_MECHANISMS)('takes the %s mechanism with its username and password', (mechanism) => {
    const c = loadConfig({ KAFKA_SASL_MECHANISM: mechanism, ...credentials });
    expect(c.kafka.sasl).toEqual({ mechanism, username: 'newswire', password: 's3cret' });
  });

  it('has no SASL when no mechanism is set', () => {
    expect(loadConfig({}).kafka.sasl).toBeUndefined();
  });

  it('rejects a mechanism the clients do not all speak, naming the variable', () => {
    for (const mechanism of ['gssapi', 'oauthbearer', 'PLAIN', 'scram-sha-1']) {
      expect(() => loadConfig({ KAFKA_SASL_MECHANISM: mechanism, ...credentials })).toThrow(
        /KAFKA_SASL_MECHANISM/,
      );
    }
  });

  it('rejects a mechanism without its password, or without its username', () => {
    const mechanism = { KAFKA_SASL_MECHANISM: 'scram-sha-512' };
    expect(() => loadConfig({ ...mechanism, KAFKA_SASL_USERNAME: 'newswire' })).toThrow(
      /KAFKA_SASL_PASSWORD/,
    );
    expect(() => loadConfig({ ...mechanism, KAFKA_SASL_PASSWORD: 's3cret' })).toThrow(/KAFKA_SASL_USERNAME/);
    // An empty value (an unset `${VAR:-}` in docker-compose) is no password either.
    expect(() => loadConfig({ ...mechanism, ...credentials, KAFKA_SASL_PASSWORD: '' })).toThrow(ConfigError);
  });

  it('rejects credentials without a mechanism, which would be ignored', () => {
    expect(() => loadConfig(credentials)).toThrow(/need KAFKA_SASL_MECHANISM/);
  });
});

describe('loadConfig: TLS', () => {
  let dir: string;
  const PEM = (what: string) => `-----BEGIN ${what}-----\nMIIB\n-----END ${what}-----\n`;
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'newswire-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is off by default, and on with the system CAs when KAFKA_SSL alone is set', () => {
    expect(loadConfig({}).kafka.ssl).toBe(false);
    for (const on of ['true', '1', 'yes']) expect(loadConfig({ KAFKA_SSL: on }).kafka.ssl).toEqual({});
    expect(loadConfig({ KAFKA_SSL: 'false' }).kafka.ssl).toBe(false);
    expect(() => loadConfig({ KAFKA_SSL: 'on' })).toThrow(/KAFKA_SSL/);
  });

  it('reads the CA, client certificate and key files at start and carries their PEM', () => {
    const ca = file('ca.pem', PEM('CERTIFICATE'));
    const cert = file('client.pem', PEM('CERTIFICATE'));
    const key = file('client.key', PEM('PRIVATE KEY'));
    expect(loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca }).kafka.ssl).toEqual({
      ca: PEM('CERTIFICATE'),
    });
    const mtls = loadConfig({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SSL_CERT_FILE: cert,
      KAFKA_SSL_KEY_FILE: key,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    }).kafka;
    expect(mtls.ssl).toEqual({ ca: PEM('CERTIFICATE'), cert: PEM('CERTIFICATE'), key: PEM('PRIVATE KEY') });
    expect(mtls.sasl?.mechanism).toBe('scram-sha-256');
    // An unset `${VAR:-}` from docker-compose arrives empty: no file.
    expect(loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '' }).kafka.ssl).toEqual({});
  });

  it('stops with the variable and the path when a file is missing, and names every missing one', () => {
    const missing = join(dir, 'nowhere.pem');
    expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: missing })).toThrow(
      `KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`,
    );
    let error: unknown;
    try {
      loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: missing, KAFKA_SSL_KEY_FILE: missing });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /KAFKA_SSL_CERT_FILE: cannot read[^]*KAFKA_SSL_KEY_FILE: cannot read/,
    );
  });

  it('rejects a file that is not PEM (e.g. DER or a folder)', () => {
    const der = file('ca.der', '0\x82\x03\x00binary');
    expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: der })).toThrow(
      `KAFKA_SSL_CA_FILE: ${der} is not PEM`,
    );
    expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: dir })).toThrow(
      /KAFKA_SSL_CA_FILE: cannot read .* \(EISDIR\)/,
    );
  });

  it('rejects a client certificate without its key, and a key without its certificate', () => {
    const cert = file('only.pem', PEM('CERTIFICATE'));
    expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: cert })).toThrow(/needs its key/);
    expect(() => loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_KEY_FILE: cert })).toThrow(/needs its key/);
  });

  it('rejects a TLS file without KAFKA_SSL=true rather than connecting in plaintext', () => {
    const ca = file('plain.pem', PEM('CERTIFICATE'));
    expect(() => loadConfig({ KAFKA_SSL_CA_FILE: ca })).toThrow('KAFKA_SSL_CA_FILE: needs KAFKA_SSL=true');
    expect(() => loadConfig({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: ca })).toThrow(/needs KAFKA_SSL=true/);
  });

  it('lists the file settings among the variables the apps read', () => {
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining(['KAFKA_SSL', 'KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE']),
    );
  });
});
