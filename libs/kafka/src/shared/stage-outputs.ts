import { MAX_RECORD_BYTES, RetryableError, StageError } from '@newswire/contracts';
import { deadLetter, describeFailure } from './dead-letter';
import type { HandlerContext, InMessage, OutMessage, PipelineOptions } from '../message-bus.port';
import { sizeOf } from './send-parts';

/** What a record carries beyond its key, value and headers: the broker's limit counts the batch. */
const RECORD_OVERHEAD = 1024;

/**
 * Throws TOO_LARGE for an output the broker would refuse for its size: its transaction would abort
 * at every retry. A stage that keeps state calls it before taking the outputs into that state.
 */
export function assertRecordSizes(outputs: OutMessage[]): void {
  for (const m of outputs) {
    const bytes = sizeOf(m) + RECORD_OVERHEAD;
    if (bytes > MAX_RECORD_BYTES)
      throw new StageError(
        'TOO_LARGE',
        `its output to ${m.topic} would be ${bytes} bytes, over the topic's limit of ${MAX_RECORD_BYTES}`,
      );
  }
}

/**
 * What a pipeline stage writes for a chunk of its inputs, in order: each input's outputs, or, for
 * a poison input, its dead-letter record (in the same transaction, so the partition moves on). An
 * output the broker would refuse for its size makes its input a poison too. A `RetryableError` is
 * the stage's failure, not the input's: it aborts the chunk instead.
 */
export async function stageOutputs(
  o: Pick<PipelineOptions, 'handler' | 'dlqTopic' | 'stage' | 'onDeadLetter'>,
  inputs: InMessage[],
  context: HandlerContext,
): Promise<OutMessage[]> {
  const out: OutMessage[] = [];
  for (const input of inputs) {
    try {
      const outputs = await o.handler(input, context);
      assertRecordSizes(outputs);
      out.push(...outputs);
    } catch (error) {
      if (error instanceof RetryableError) throw error;
      const f = describeFailure(error);
      out.push(deadLetter(input, o.dlqTopic, o.stage, f.code, f.message));
      try {
        o.onDeadLetter?.({ ...f, input });
      } catch {
        // Reporting a dead letter (logs, metrics) must not fail the chunk that writes it.
      }
    }
  }
  return out;
}
