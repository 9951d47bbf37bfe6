import type { MessageBus } from '@newswire/kafka';

/** A dependency's check: resolves (with details) when it answers, rejects with the reason when not. */
export type Probe = () => Promise<Record<string, unknown> | void>;

/** How long a probe may take before its dependency counts as down. */
export const PROBE_TIMEOUT_MS = 3000;

export interface HealthReport {
  status: 'ok' | 'error';
  details: Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;
}

/** Kafka answers a metadata request (the topic list) on a connection of its own. */
export function kafkaProbe(bus: MessageBus): Probe {
  return async () => {
    const admin = await bus.admin();
    try {
      return { topics: (await admin.listTopics()).length };
    } finally {
      await admin.close();
    }
  };
}

/** PostgreSQL answers a query on the read model's pool. */
export function postgresProbe(store: { ping(): Promise<void> }): Probe {
  return () => store.ping();
}

/** The probe's outcome, or its rejection after `ms`; a late answer is left to finish (and close) on its own. */
function timed(probe: Probe, name: string, ms: number): Promise<Record<string, unknown> | void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer in ${ms} ms`)), ms);
  });
  return Promise.race([probe(), late]).finally(() => clearTimeout(timer));
}

/**
 * Runs the probes side by side: 'ok' when every one answers in time, else 'error'; each
 * dependency's state under `details`, as the api's /health answers it.
 */
export async function healthReport(
  probes: Record<string, Probe>,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<HealthReport> {
  const names = Object.keys(probes);
  const outcomes = await Promise.allSettled(names.map((n) => timed(probes[n], n, timeoutMs)));
  const details: HealthReport['details'] = Object.fromEntries(
    outcomes.map((o, i) => [
      names[i],
      o.status === 'fulfilled'
        ? { ...(o.value ?? {}), status: 'up' as const }
        : { status: 'down' as const, message: String((o.reason as Error)?.message ?? o.reason) },
    ]),
  );
  return { status: outcomes.every((o) => o.status === 'fulfilled') ? 'ok' : 'error', details };
}
