import { Agent, request } from 'node:http';
import { summarize, type LatencySummary } from './stats';

export interface LoadResult extends LatencySummary {
  seconds: number;
  perSecond: number;
  /** Responses whose status was not the expected one. */
  unexpected: number;
}

/**
 * Sends `total` GET requests from `clients` concurrent keep-alive connections (each client sends
 * its next request when the previous answer has arrived) and returns per-request latency in ms.
 * Stops at `maxSeconds` whatever is left, so a slow server cannot hang the bench.
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
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  const latencies: number[] = [];
  let next = 0;
  let unexpected = 0;
  const deadline = performance.now() + opts.maxSeconds * 1000;
  const one = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  const client = async () => {
    while (next < opts.total && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      const status = await one(opts.path(i));
      latencies.push(performance.now() - t0);
      if (status !== opts.expectStatus) unexpected++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { ...summarize(latencies), seconds, perSecond: latencies.length / seconds, unexpected };
}
