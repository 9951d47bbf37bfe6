import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli-process';
import { freePort } from './support/free-port';
import { eventually, uniquePrefix } from './support/kafka-test-env';

const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const APPS = ['normalizer', 'curator', 'projector', 'api', 'ingest', 'router'];

/** A process that still runs: not gone, and not a zombie nobody has reaped yet. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket.destroy() && true));
    socket.once('error', () => resolve(false));
  });
}

/**
 * `newswire start` as a supervisor that cannot be orphaned: it restarts an app that dies, refuses a
 * second start on its DATA_DIR or its ports before starting anything, and when it is killed -9 its
 * apps and the embedded database it serves go with it, ports and all.
 */
describe('newswire start as a supervisor', () => {
  let env: Record<string, string>;
  let supervisor: ChildProcess;
  let out = '';
  let ports: number[];
  const pids = () =>
    Object.fromEntries(
      [...out.matchAll(/^(\w+) started \(pid (\d+)\)$/gm)].map(([, app, pid]) => [app, Number(pid)]),
    );

  beforeAll(async () => {
    const prefix = uniquePrefix('supervisor');
    const metricsPort = await freePort();
    env = {
      TOPIC_PREFIX: prefix,
      GROUP_PREFIX: `${prefix}g`,
      TOPIC_PARTITIONS: '2',
      SESSION_TIMEOUT_MS: '6000',
      HTTP_PORT: String(await freePort()),
      EMBEDDED_DB_PORT: String(await freePort()),
      METRICS_PORT: String(metricsPort),
      INGEST_PORT: String(await freePort()),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'newswire-supervisor-')),
      DATABASE_URL: '',
    };
    ports = [
      Number(env.HTTP_PORT),
      Number(env.EMBEDDED_DB_PORT),
      metricsPort,
      metricsPort + 1,
      metricsPort + 2,
      Number(env.INGEST_PORT),
    ];
    supervisor = spawn(process.execPath, [CLI, 'start'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisor.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    supervisor.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await eventually(
      () => (out.includes('API listening on') ? true : undefined),
      120000,
      250,
      () => out,
    );
  }, 150000);

  afterAll(() => {
    if (running(supervisor.pid!)) supervisor.kill('SIGKILL');
    for (const pid of Object.values(pids())) if (running(pid)) process.kill(pid, 'SIGKILL');
  });

  it('restarts an app that is killed, and keeps running', async () => {
    const before = pids().normalizer;
    process.kill(before, 'SIGKILL');
    await eventually(
      () => (pids().normalizer !== before && running(pids().normalizer) ? true : undefined),
      30000,
      250,
      () => out,
    );
    expect(out).toContain('normalizer exited (SIGKILL); restarting');
    expect(running(supervisor.pid!)).toBe(true);
    expect(out).not.toContain('ERR_STREAM_WRITE_AFTER_END');
  }, 60000);

  it('refuses a second start on the same DATA_DIR before starting anything, naming the holder', async () => {
    const second = await runCli(
      ['start'],
      {
        ...env,
        HTTP_PORT: String(await freePort()),
        METRICS_PORT: '0',
        INGEST_PORT: String(await freePort()),
        EMBEDDED_DB_PORT: String(await freePort()),
      },
      30000,
    );
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`is in use by process ${supervisor.pid}`);
    expect(second.stderr).not.toMatch(/started \(pid|read model:|created topics/);
  }, 60000);

  it('refuses a second start on the same ports, naming what listens on them', async () => {
    const second = await runCli(
      ['start'],
      { ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'newswire-supervisor-other-')) },
      30000,
    );
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(
      `HTTP_PORT ${env.HTTP_PORT} on 127.0.0.1 is in use by process ${pids().api}`,
    );
    expect(second.stderr).toContain(
      `EMBEDDED_DB_PORT ${env.EMBEDDED_DB_PORT} on 127.0.0.1 is in use by process ${supervisor.pid}`,
    );
    expect(second.stderr).not.toMatch(/started \(pid|read model:/);
    // The first stack still answers.
    expect((await fetch(`http://127.0.0.1:${env.HTTP_PORT}/health`)).status).toBe(200);
  }, 60000);

  it('takes every app, the embedded database and every port with it when killed -9', async () => {
    const apps = pids();
    expect(Object.keys(apps).sort()).toEqual([...APPS].sort());
    // Every port served (the app restarted above included) before the kill.
    await eventually(
      async () => {
        for (const port of ports) if (!(await listening(port))) return undefined;
        return true;
      },
      30000,
      250,
      () => out,
    );
    supervisor.kill('SIGKILL');
    const left = async () => {
      const processes = Object.entries(apps).filter(([, pid]) => running(pid));
      const open = [];
      for (const port of ports) if (await listening(port)) open.push(port);
      return processes.length === 0 && open.length === 0 ? true : undefined;
    };
    await eventually(left, 10000, 250, () =>
      JSON.stringify({ running: Object.entries(apps).filter(([, pid]) => running(pid)) }),
    );
    // Each app stopped as on SIGTERM, writing its own log to the end.
    for (const app of APPS)
      expect(readFileSync(join(env.DATA_DIR, 'logs', `${app}.log`), 'utf8')).toContain(
        `"msg":"${app} stopping"`,
      );
  }, 60000);
});
