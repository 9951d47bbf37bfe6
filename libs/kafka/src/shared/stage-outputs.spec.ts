import { HEADERS, MAX_RECORD_BYTES, RetryableError, StageError } from '@newswire/contracts';
import type { InMessage, OutMessage } from '../message-bus.port';
import { stageOutputs } from './stage-outputs';

const input = (offset: number, value = `v${offset}`): InMessage => ({
  topic: 'in',
  partition: 0,
  offset: String(offset),
  key: Buffer.from(`k${offset}`),
  value: Buffer.from(value),
  headers: { [HEADERS.traceId]: `t${offset}` },
  timestamp: '0',
});
const context = { heartbeat: async () => undefined };
const codeOf = (m: OutMessage) => m.headers?.[HEADERS.dlq.code];

describe('stageOutputs', () => {
  it("writes each input's outputs in order, and a poison's dead letter with its bytes in its place", async () => {
    const out = await stageOutputs(
      {
        stage: 's',
        dlqTopic: 'dlq',
        handler: (m) => {
          if (m.offset === '1') throw new StageError('MALFORMED', 'not a story');
          return [{ topic: 'out', value: m.value }];
        },
      },
      [input(0), input(1), input(2)],
      context,
    );
    expect(out.map((m) => [m.topic, String(m.value)])).toEqual([
      ['out', 'v0'],
      ['dlq', 'v1'],
      ['out', 'v2'],
    ]);
    expect(codeOf(out[1])).toBe('MALFORMED');
  });

  it('dead-letters an input whose output the broker would refuse for its size, instead of failing every retry', async () => {
    const out = await stageOutputs(
      {
        stage: 's',
        dlqTopic: 'dlq',
        handler: (m) => [{ topic: 'out', value: Buffer.alloc(MAX_RECORD_BYTES), key: m.key }],
      },
      [input(0)],
      context,
    );
    expect(out).toHaveLength(1);
    expect(out[0].topic).toBe('dlq');
    expect(codeOf(out[0])).toBe('TOO_LARGE');
    expect(String(out[0].value)).toBe('v0');
  });

  it("lets a RetryableError through (the stage's failure, not the input's): nothing is dead-lettered", async () => {
    const reported: unknown[] = [];
    await expect(
      stageOutputs(
        {
          stage: 's',
          dlqTopic: 'dlq',
          handler: () => {
            throw new RetryableError('the log did not answer');
          },
          onDeadLetter: (f) => reported.push(f),
        },
        [input(0)],
        context,
      ),
    ).rejects.toThrow('the log did not answer');
    expect(reported).toEqual([]);
  });

  it('names any other failure PROCESSING_FAILED, a Node error code kept in its message', async () => {
    const out = await stageOutputs(
      {
        stage: 's',
        dlqTopic: 'dlq',
        handler: () => {
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        },
      },
      [input(0)],
      context,
    );
    expect(codeOf(out[0])).toBe('PROCESSING_FAILED');
    expect(out[0].headers?.[HEADERS.dlq.message]).toBe('ECONNRESET: socket hang up');
  });

  it('still writes the dead letter when reporting it fails', async () => {
    const out = await stageOutputs(
      {
        stage: 's',
        dlqTopic: 'dlq',
        handler: () => {
          throw new StageError('EMPTY_BODY', 'nothing');
        },
        onDeadLetter: () => {
          throw new RangeError('Invalid time value');
        },
      },
      [input(0), input(1)],
      context,
    );
    expect(out.map(codeOf)).toEqual(['EMPTY_BODY', 'EMPTY_BODY']);
  });
});
