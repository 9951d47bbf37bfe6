import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** The PostgreSQL server's programs: PG_BIN, else the newest of Debian's /usr/lib/postgresql/<major>/bin. */
function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base).filter((major) => existsSync(join(base, major, 'bin', 'initdb')))
    : [];
  if (majors.length === 0)
    throw new Error(
      `no PostgreSQL server programs under ${base}: set PG_BIN to the folder of initdb and pg_ctl`,
    );
  return join(base, majors.sort((a, b) => Number(a) - Number(b))[majors.length - 1], 'bin');
}

/**
 * A Kafka broker of the fault tests' own (scripts/kafka.sh on other ports), so that restarting it
 * never disturbs the shared broker that other e2e files use at the same time. The ports are ones the
 * OS finds free: on a fixed port, kafka.sh would adopt a broker that something else left running
 * there, and the test would "restart" a broker it never stopped.
 */
export interface OwnBroker {
  brokers: string;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the broker and deletes its data and logs, so nothing piles up from run to run. */
  remove(): Promise<void>;
}

export async function ownBroker(): Promise<OwnBroker> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort) };
  const script = (command: string) =>
    run('bash', [join(ROOT, 'scripts', 'kafka.sh'), command], { env, timeout: 120000 }).then(() => undefined);
  return {
    brokers: `127.0.0.1:${port}`,
    start: () => script('start'),
    restart: () => script('restart'),
    remove: () => script('reset'),
  };
}

/**
 * A PostgreSQL cluster of the fault tests' own, in a temporary folder, that a test may stop and
 * start without touching the shared one. initdb refuses root, hence `runuser -u postgres`.
 */
export interface OwnPostgres {
  /** postgres:// URL of `database` on this cluster. */
  url(database: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the cluster if it runs and deletes its folder. */
  remove(): Promise<void>;
}

/**
 * The port is one the OS finds free and the socket lives in the cluster's own folder, so a cluster
 * left behind by an interrupted run (or anything else on a fixed port) cannot stop this one starting.
 */
export async function ownPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'newswire-fault-pg-'));
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  const programs = pgBin();
  const log = join(dir, 'server.log');
  const asPostgres = (bin: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(programs, bin), ...args], { timeout: 60000 }).then(
      () => undefined,
      (error: Error) => {
        // pg_ctl only says "examine the log output": put the log's end in the failure itself.
        const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
        throw new Error(`${error.message}\n--- ${log} (end) ---\n${tail}`);
      },
    );
  await asPostgres('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres']);
  const pgCtl = (command: 'start' | 'stop') =>
    asPostgres('pg_ctl', [
      '-D',
      dir,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      '-l',
      log,
      '-w',
      command,
      ...(command === 'stop' ? ['-m', 'fast'] : []),
    ]);
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => pgCtl('start'),
    stop: () => pgCtl('stop'),
    remove: async () => {
      // postmaster.pid, not a flag: a start that failed half-way may still have left a server up.
      if (existsSync(join(dir, 'postmaster.pid'))) await pgCtl('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
