import { connect } from 'node:net';

/** No broker accepted a connection: what a command says instead of its client's retries running out. */
export class BrokerUnreachable extends Error {
  constructor(brokers: string[], reasons: string[]) {
    super(`the Kafka broker at ${brokers.join(',')} is unreachable (${reasons.join('; ')})`);
    this.name = 'BrokerUnreachable';
  }
}

/**
 * Opens a TCP connection to each bootstrap broker, within `ms`, and throws BrokerUnreachable when
 * none accepts. A producer's first send to a broker that is down retries its initProducerId for 88 s
 * and then names no address; a command checks first and fails in seconds, naming it.
 */
export async function assertBrokerReachable(brokers: string[], ms = 5000): Promise<void> {
  const reasons = await Promise.all(brokers.map((b) => connectError(b, ms)));
  if (reasons.every((r) => r !== undefined)) throw new BrokerUnreachable(brokers, reasons as string[]);
}

function connectError(broker: string, ms: number): Promise<string | undefined> {
  const at = broker.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = connect({ host: broker.slice(0, at), port: Number(broker.slice(at + 1)) });
    const done = (reason?: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(ms, () => done(`${broker}: no answer in ${ms} ms`));
    socket.once('connect', () => done());
    socket.once('error', (error) => done((error as Error).message));
  });
}
