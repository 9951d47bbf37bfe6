import { connect, type Socket } from 'node:net';
import { summarize, type LatencySummary } from './stats';

export interface LoadResult extends LatencySummary {
  seconds: number;
  perSecond: number;
  /** Responses whose status was not the expected one. */
  unexpected: number;
  /** CPU this process used while the load ran, in cores: the load generator's own cost. */
  clientCores: number;
}

/** Where a response ends in `buf`, with its status; undefined while it is incomplete. */
function parseResponse(buf: Buffer): { status: number; end: number } | undefined {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (!length && status !== 304 && status !== 204) {
    throw new Error(`http-load reads bodies with a content-length only; got:\n${head}`);
  }
  const end = headEnd + 4 + Number(length?.[1] ?? 0);
  return buf.length < end ? undefined : { status, end };
}

/**
 * Sends `total` GET requests from `clients` concurrent keep-alive connections, each with one
 * request in flight (it sends the next when the whole previous answer has arrived; no
 * pipelining), and returns per-request latency in ms. A bare HTTP/1.1 client on node:net: it
 * shares the cores with the server under test, and node:http's client cost 2-3x more CPU per
 * request (BENCHMARKS.md). Stops at `maxSeconds` whatever is left, so a slow server cannot hang
 * the bench.
 */
export async function httpLoad(opts: {
  base: string;
  path: (i: number) => string;
  expectStatus: number;
  clients: number;
  total: number;
  maxSeconds: number;
}): Promise<LoadResult> {
  const url = new URL(opts.base);
  const latencies: number[] = [];
  let next = 0;
  let unexpected = 0;
  const deadline = performance.now() + opts.maxSeconds * 1000;
  const client = () =>
    new Promise<void>((resolve, reject) => {
      const socket: Socket = connect(Number(url.port), url.hostname);
      socket.setNoDelay(true);
      let buf = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        if (next >= opts.total || performance.now() >= deadline) {
          socket.end();
          resolve();
          return;
        }
        const path = opts.path(next++);
        sentAt = performance.now();
        socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
      };
      socket.on('connect', send);
      socket.on('data', (chunk) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        let response;
        try {
          response = parseResponse(buf);
        } catch (error) {
          socket.destroy();
          reject(error as Error);
          return;
        }
        if (!response) return;
        latencies.push(performance.now() - sentAt);
        if (response.status !== opts.expectStatus) unexpected++;
        buf = buf.subarray(response.end);
        send();
      });
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('the server closed a keep-alive connection')));
    });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    ...summarize(latencies),
    seconds,
    perSecond: latencies.length / seconds,
    unexpected,
    clientCores: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}
