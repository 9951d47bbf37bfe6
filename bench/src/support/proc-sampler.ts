import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcUsage {
  /** CPU time used in the window, as a share of one core (1.0 = one core busy the whole time). */
  cores: number;
  /** Largest resident set seen while sampling, in MiB. */
  maxRssMiB: number;
}

/** utime + stime of a process, in seconds, from /proc/<pid>/stat (fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/**
 * Samples CPU and memory of processes every `everyMs` between `start()` and `stop()`. The CPU
 * figure is the difference of the kernel's counters over the window, so sampling only drives RSS.
 */
export class ProcSampler {
  private timer?: NodeJS.Timeout;
  private readonly first = new Map<number, { cpu: number; at: number }>();
  private readonly maxRss = new Map<number, number>();

  constructor(
    private readonly pids: number[],
    private readonly everyMs = 500,
  ) {}

  start(): void {
    const now = performance.now();
    for (const pid of this.pids) {
      this.first.set(pid, { cpu: cpuSeconds(pid), at: now });
      this.maxRss.set(pid, rssMiB(pid));
    }
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  private sample(): void {
    for (const pid of this.pids) {
      try {
        this.maxRss.set(pid, Math.max(this.maxRss.get(pid) ?? 0, rssMiB(pid)));
      } catch {
        // the process exited: keep what was seen
      }
    }
  }

  stop(): Map<number, ProcUsage> {
    clearInterval(this.timer);
    this.sample();
    const now = performance.now();
    const out = new Map<number, ProcUsage>();
    for (const pid of this.pids) {
      const f = this.first.get(pid)!;
      let cores = NaN;
      try {
        cores = (cpuSeconds(pid) - f.cpu) / ((now - f.at) / 1000);
      } catch {
        // exited
      }
      out.set(pid, { cores, maxRssMiB: this.maxRss.get(pid) ?? 0 });
    }
    return out;
  }
}

/** Pids of every process whose command name is `name` (e.g. the PostgreSQL server and its backends). */
export function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU seconds used so far by each process named `name`. */
export function cpuByPid(name: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pidsNamed(name)) {
    try {
      out.set(pid, cpuSeconds(pid));
    } catch {
      // exited between listing and reading
    }
  }
  return out;
}

/**
 * CPU seconds the processes named `name` used since `before` (from cpuByPid); a process born in
 * between counts from zero (PostgreSQL forks a backend per connection).
 */
export function cpuSince(name: string, before: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of cpuByPid(name)) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}
