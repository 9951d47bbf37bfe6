import type { OutMessage } from '@newswire/kafka';
import { pinoLines, type AppProcess } from '../support/app-process';
import { expectExactlyOnce, expectProjections, readDlq } from '../support/fault-checks';
import { referenceRun } from '../support/fault-reference';
import { FaultStack } from '../support/fault-stack';
import { sendPaced, wireStream } from '../support/fault-stream';
import { brokers, eventually } from '../support/kafka-test-env';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Long, so that an instance that left without a word would hold its partitions visibly long. */
const SESSION_TIMEOUT_MS = 30000;
/** A third of the session timeout: the bound on both the exit and the takeover. */
const BOUND_MS = SESSION_TIMEOUT_MS / 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LogLine {
  time: number;
  level: string;
  msg: string;
  topic?: string;
  partition?: number;
}

/** An app's pino lines, with their times as epoch ms. */
function logLines(app: AppProcess): LogLine[] {
  return pinoLines<LogLine & { time: string }>(app.logs()).map((line) => ({
    ...line,
    time: Date.parse(line.time),
  }));
}

/**
 * One of two normalizers SIGTERMed while a stream flows through them: it drains, commits, leaves
 * the group and exits 0 at once; the other takes its partitions over within seconds, not after the
 * session timeout; afterwards every story crossed every stage once, the event log is exact and
 * gapless, and the read model equals that of an undisturbed run of the same input.
 */
describe('SIGTERM of one normalizer of two mid-stream', () => {
  let stack: FaultStack;
  let stopped: AppProcess;
  let other: AppProcess;

  beforeAll(async () => {
    stack = await FaultStack.open('term', {
      brokers: brokers().join(','),
      databaseUrl: DATABASE_URL,
      extra: { SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS) },
    });
    stack.start('curator', 'projector');
    // Two instances of one app under one name: the stack keeps the second as `normalizer` (and
    // stops it on close); the test stops the first itself. Debug logs say which partitions each commits.
    stack.startWith('normalizer', { LOG_LEVEL: 'debug' });
    stopped = stack.app('normalizer');
    stack.startWith('normalizer', { LOG_LEVEL: 'debug' });
    other = stack.app('normalizer');
  }, 60000);

  afterAll(async () => {
    await stopped?.stop();
    await stack?.close();
  }, 60000);

  it('drains, leaves the group and exits 0; the other takes its partitions over in seconds', async () => {
    const consuming = (app: AppProcess) => logLines(app).some((l) => l.msg === 'stage consuming');
    await eventually(() => consuming(stopped) && consuming(other), 30000, 200, stack.logs);

    const commits = (app: AppProcess) =>
      logLines(app).filter((l) => l.msg === 'batch committed' && l.topic === stack.topics.raw);
    const sent: OutMessage[] = wireStream(stack.topics.raw, { first: 1, count: 200 });
    const producer = await stack.bus.producer();
    let streamed = false;
    const sending = sendPaced((m) => producer.send(m), sent, { chunk: 4, pauseMs: 200 }).then(() => {
      streamed = true;
    });
    // Awaited below; a test failing before that must not leave its rejection unhandled.
    sending.catch(() => undefined);

    // Both hold partitions of one generation: each has committed once (the later of the two first
    // commits was under a generation of both), and both have committed since (a commit under an
    // older generation fails). The stopped one's partitions are those it commits then.
    const ownedBy = await eventually(
      () => {
        const firsts = [stopped, other].map((app) => commits(app)[0]?.time);
        if (firsts.some((t) => t === undefined)) return undefined;
        const both = Math.max(...(firsts as number[])) + 500;
        const since = (app: AppProcess) =>
          new Set(commits(app).flatMap((l) => (l.time > both ? [l.partition!] : [])));
        const [a, b] = [since(stopped), since(other)];
        return a.size > 0 && b.size > 0 ? a : undefined;
      },
      30000,
      100,
      stack.logs,
    );
    const partitions = [...ownedBy].sort((x, y) => x - y);

    const signalledAt = Date.now();
    const midStream = !streamed;
    const exited = await Promise.race([stopped.stop('SIGTERM').then(() => true), sleep(BOUND_MS)]);
    const exitMs = Date.now() - signalledAt;
    expect(midStream).toBe(true);
    expect(exited).toBe(true);
    expect({ code: stopped.child.exitCode, signal: stopped.child.signalCode }).toEqual({
      code: 0,
      signal: null,
    });

    // Its last lines: the signal, then the app closed, and nothing went wrong in between.
    const lines = logLines(stopped);
    const last = lines.slice(lines.findIndex((l) => l.msg === 'normalizer stopping'));
    expect(last[0]?.msg).toBe('normalizer stopping');
    expect(last.map((l) => l.msg)).toContain('normalizer stopped');
    expect(last.filter((l) => ['warn', 'error', 'fatal'].includes(l.level))).toEqual([]);

    // Takeover: the other's first commit on each of the stopped one's partitions after the signal.
    const takeover = await eventually(
      () => {
        const after = commits(other).filter((l) => l.time > signalledAt);
        const firsts = partitions.map((p) => after.find((l) => l.partition === p)?.time);
        return firsts.every((t) => t !== undefined)
          ? Math.max(...firsts.map((t) => t! - signalledAt))
          : undefined;
      },
      SESSION_TIMEOUT_MS + 15000,
      100,
      stack.logs,
    );
    process.stdout.write(
      `graceful shutdown: exited in ${exitMs} ms; partitions ${partitions.join(',')} taken over in ${takeover} ms\n`,
    );
    expect(takeover).toBeLessThan(BOUND_MS);

    await sending;
    await producer.close();
    const reference = referenceRun(sent);
    await expectProjections(stack.store, reference, stack.logs);
    await expectExactlyOnce(stack.bus, stack.topics, reference);
    expect(await readDlq(stack.bus, stack.topics)).toHaveLength(0);
    for (const name of ['normalizer', 'curator', 'projector']) stack.assertRunning(name);
  }, 90000);
});
