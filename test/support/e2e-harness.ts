import { afterAll, beforeAll } from '@jest/globals';
import type { MessageBus } from '@newswire/kafka';
import type { AppProcess } from './app-process';
import { testBus } from './kafka-test-env';

/** A test file's bus and the app processes it starts, closed and stopped after its tests. */
export function e2eHarness(): { bus: MessageBus; apps: AppProcess[] } {
  const harness = { bus: undefined as unknown as MessageBus, apps: [] as AppProcess[] };
  beforeAll(() => {
    harness.bus = testBus();
  });
  afterAll(async () => {
    await Promise.all(harness.apps.map((a) => a.stop()));
    await harness.bus.close();
  });
  return harness;
}
