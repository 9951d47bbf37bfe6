import { withDeadline } from './deadline';
import type { OutMessage, TransactionalProducer } from '../message-bus.port';
import { sendParts } from './send-parts';

/** One client's transactions, as each bus opens them. */
export interface TransactionClient {
  begin(): Promise<{
    send(part: OutMessage[]): Promise<void>;
    commit(): Promise<void>;
    abort(): Promise<void>;
  }>;
  close(): Promise<void>;
}

/**
 * A TransactionalProducer over a client that `open` makes and fences (it has taken the id by the
 * time it resolves). A failed transaction drops the client: the next `fence` or `transact` opens a
 * fresh one, which settles the failed one. Every call has a deadline, so that an answer that never
 * comes fails the transaction instead of stopping the source for good.
 */
export function transactionalProducer(
  open: () => Promise<TransactionClient>,
  deadlineMs: number,
  track: (close: () => Promise<void>) => () => Promise<void>,
): Promise<TransactionalProducer> {
  let client: Promise<TransactionClient> | undefined;
  const drop = () => {
    const c = client;
    client = undefined;
    void c?.then((x) => x.close()).catch(() => undefined);
  };
  const current = () => {
    if (!client) {
      const opened = withDeadline(open(), deadlineMs, 'taking the transactional id');
      client = opened;
      opened.catch(() => client === opened && (client = undefined));
    }
    return client;
  };
  const close = track(async () => {
    const c = client;
    client = undefined;
    await c?.then((x) => x.close()).catch(() => undefined);
  });
  const producer: TransactionalProducer = {
    transact: async (messages) => {
      const c = await current();
      const tx = await withDeadline(c.begin(), deadlineMs, 'beginning a transaction');
      try {
        for (const part of sendParts(messages)) await withDeadline(tx.send(part), deadlineMs, 'sending');
        await withDeadline(tx.commit(), deadlineMs, 'committing');
      } catch (error) {
        await withDeadline(tx.abort(), deadlineMs, 'aborting').catch(() => undefined);
        drop();
        throw error;
      }
    },
    fence: async () => {
      drop();
      await current();
    },
    close,
  };
  return current().then(() => producer);
}
