import fc from 'fast-check';
import { healthReport } from './health-report';

describe('healthReport', () => {
  it('is ok, with each probe’s details, when every probe answers', async () => {
    const report = await healthReport({
      kafka: async () => ({ topics: 7 }),
      postgresql: async () => undefined,
    });
    expect(report).toEqual({
      status: 'ok',
      details: { kafka: { status: 'up', topics: 7 }, postgresql: { status: 'up' } },
    });
  });

  it('is an error naming the dependency that failed, and why; the others stay up', async () => {
    const report = await healthReport({
      kafka: async () => ({ topics: 1 }),
      postgresql: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
    });
    expect(report.status).toBe('error');
    expect(report.details.postgresql).toEqual({
      status: 'down',
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(report.details.kafka.status).toBe('up');
  });

  it('counts a probe that does not answer in time as down, without waiting for it', async () => {
    const started = Date.now();
    const report = await healthReport({ kafka: () => new Promise(() => undefined) }, 50);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(report).toEqual({
      status: 'error',
      details: { kafka: { status: 'down', message: 'kafka did not answer in 50 ms' } },
    });
  });

  it('is ok exactly when every probe is up, for any set of outcomes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/), fc.boolean(), { minKeys: 1 }),
        async (up) => {
          const probes = Object.fromEntries(
            Object.entries(up).map(([name, ok]) => [
              name,
              () => (ok ? Promise.resolve() : Promise.reject(new Error(`${name} refused`))),
            ]),
          );
          const report = await healthReport(probes);
          expect(report.status).toBe(Object.values(up).every(Boolean) ? 'ok' : 'error');
          for (const [name, ok] of Object.entries(up))
            expect(report.details[name].status).toBe(ok ? 'up' : 'down');
        },
      ),
    );
  });
});
