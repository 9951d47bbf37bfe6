import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { dataDirHolder, lockDataDir } from '@newswire/storage';

/** A port the stack will listen on, and the setting it comes from. */
export interface StackPort {
  setting: string;
  host: string;
  port: number;
}

/**
 * What a second `newswire start` must not share with a running one: its DATA_DIR (logs, and the
 * embedded database) and its ports. Checked before anything starts; the DATA_DIR is then held until
 * the release is called (a lock a killed supervisor leaves is taken over). Throws naming who holds
 * what, as far as this machine tells.
 */
export async function claimStack(dataDir: string, ports: StackPort[]): Promise<() => void> {
  const holder = dataDirHolder(dataDir);
  const problems: string[] = [];
  if (holder) problems.push(`DATA_DIR ${resolve(dataDir)} is in use by ${describeProcess(holder.pid)}`);
  for (const p of ports)
    if (!(await canListen(p))) {
      const pid = listenerOf(p.port);
      const by = pid === undefined ? 'another process' : describeProcess(pid);
      problems.push(`${p.setting} ${p.port} on ${p.host} is in use by ${by}`);
    }
  if (problems.length) throw new Error(`newswire start refused: ${problems.join('; ')}`);
  return lockDataDir(dataDir);
}

function canListen({ host, port }: StackPort): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
}

/** The pid listening on a TCP port, from `ss` where the machine has it (Linux). */
function listenerOf(port: number): number | undefined {
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(ss.stdout ?? '')?.[1];
  return pid ? Number(pid) : undefined;
}

function describeProcess(pid: number): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return `process ${pid} (${command})`;
  } catch {
    return `process ${pid}`;
  }
}
