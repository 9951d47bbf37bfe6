import { deadLetter, describeFailure } from './dead-letter';
import type { HandlerContext, InMessage, OutMessage, PipelineOptions } from './message-bus.port';

/**
 * What a pipeline stage writes for a chunk of its inputs, in order: each input's outputs, or, for
 * a poison input, its dead-letter record (in the same transaction, so the partition moves on).
 */
export async function stageOutputs(
  o: Pick<PipelineOptions, 'handler' | 'dlqTopic' | 'stage' | 'onDeadLetter'>,
  inputs: InMessage[],
  context: HandlerContext,
): Promise<OutMessage[]> {
  const out: OutMessage[] = [];
  for (const input of inputs) {
    try {
      out.push(...(await o.handler(input, context)));
    } catch (error) {
      const f = describeFailure(error);
      out.push(deadLetter(input, o.dlqTopic, o.stage, f.code, f.message));
      o.onDeadLetter?.({ ...f, input });
    }
  }
  return out;
}
