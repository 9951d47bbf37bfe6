import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotSpot {
  /** `function (file:line)`, with files relative to the project and node_modules shortened to the package. */
  where: string;
  /** Share of all samples spent in this function itself (not in what it calls). */
  selfShare: number;
}

function place(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0)
    return path
      .slice(nm + 'node_modules/'.length)
      .split('/')
      .slice(0, path.includes('/@', nm) ? 2 : 1)
      .join('/');
  if (!path) return '(native)';
  return path.startsWith('node:') ? path : relative(process.cwd(), path);
}

/** Functions by self time, largest first; frames inside node_modules are folded into their package. */
export function hotSpots(profile: Profile, top = 12): HotSpot[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    total += hits;
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url.includes('node_modules/')
      ? `${place(url)} (package)`
      : `${functionName || '(anonymous)'} (${place(url)}${url ? `:${lineNumber + 1}` : ''})`;
    self.set(where, (self.get(where) ?? 0) + hits);
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, hits]) => ({ where, selfShare: hits / total }));
}

export function hotSpotsOfFile(file: string, top?: number): HotSpot[] {
  return hotSpots(JSON.parse(readFileSync(file, 'utf8')) as Profile, top);
}

/** Profiles this process (the V8 sampling profiler, as `node --cpu-prof`) while `fn` runs. */
export async function profiled<T>(fn: () => Promise<T>): Promise<{ result: T; profile: Profile }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  try {
    const result = await fn();
    const { profile } = (await post('Profiler.stop')) as { profile: Profile };
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

export function printHotSpots(title: string, spots: HotSpot[]): void {
  process.stdout.write(`${title}\n`);
  for (const s of spots)
    process.stdout.write(`  ${(s.selfShare * 100).toFixed(1).padStart(5)}%  ${s.where}\n`);
}
