import { bootstrapTopics } from '@newswire/kafka';
import type { CliIo } from '../command';
import { withBus } from '../cli-context';

/** `newswire topics`: creates the topics of DESIGN.md that are missing (idempotent). */
export async function run(_args: string[], io: CliIo): Promise<number> {
  const created = await withBus(({ bus, config }) => bootstrapTopics(bus, config.kafka));
  io.out(JSON.stringify({ created }));
  return 0;
}
