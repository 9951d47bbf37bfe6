// Starts what the tests and `npm start` need when no address is configured: the project's own
// Kafka broker (scripts/kafka.sh) and, for tests, the machine's PostgreSQL. Plain JS: it runs
// before anything is built.
const { spawnSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Ensures a broker: KAFKA_BROKERS if set, else the local one (started if down). Returns whether we started it. */
async function ensureKafka(env = process.env) {
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS, started: false };
  const port = Number(env.KAFKA_PORT || 9092);
  const wasRunning = spawnSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'status'], { env }).status === 0;
  const r = spawnSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'start'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error('could not start the local Kafka broker (see above)');
  const brokers = `127.0.0.1:${port}`;
  env.KAFKA_BROKERS = brokers;
  return { brokers, started: !wasRunning };
}

function stopKafka(env = process.env) {
  spawnSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'stop'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Tests use the machine's PostgreSQL unless DATABASE_URL says otherwise. */
async function ensurePostgresForTests(env = process.env) {
  if (!env.DATABASE_URL) env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
  const url = new URL(env.DATABASE_URL);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 5432);
  if (!(await portOpen(host, port))) {
    throw new Error(
      `PostgreSQL is not reachable at ${host}:${port}; start it (e.g. pg_ctlcluster --skip-systemctl-redirect <version> main start) or set DATABASE_URL`,
    );
  }
  return env.DATABASE_URL;
}

module.exports = { ensureKafka, stopKafka, ensurePostgresForTests, portOpen, ROOT };
