import fc from 'fast-check';
import { DeadlineExceeded, withDeadline } from './deadline';

const after = <T>(ms: number, settle: () => T) => new Promise<T>((r) => setTimeout(() => r(settle()), ms));

describe('withDeadline', () => {
  it('settles as the call does when it settles in time, and fails with the call', async () => {
    await expect(
      withDeadline(
        after(5, () => 'done'),
        1000,
        'a call',
      ),
    ).resolves.toBe('done');
    const failing = after(5, () => Promise.reject(new Error('refused')));
    await expect(withDeadline(failing, 1000, 'a call')).rejects.toThrow('refused');
  });

  it('fails a call that has not returned by its deadline, naming it', async () => {
    const never = new Promise<string>(() => undefined);
    const outcome = withDeadline(never, 20, 'committing transaction t');
    await expect(outcome).rejects.toThrow(DeadlineExceeded);
    await expect(outcome).rejects.toThrow('committing transaction t has not returned in 20 ms');
  });

  it('leaves no rejection unhandled when the abandoned call fails after its deadline', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const slowFailure = after(40, () => Promise.reject(new Error('too late')));
      await expect(withDeadline(slowFailure, 10, 'a call')).rejects.toThrow(DeadlineExceeded);
      await after(60, () => undefined);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('decides by whichever comes first, the call or the deadline', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), async (callMs) => {
        const deadlineMs = 15;
        // Far apart enough that timer jitter cannot swap them.
        fc.pre(Math.abs(callMs - deadlineMs) >= 8);
        const outcome = await withDeadline(
          after(callMs, () => 'call'),
          deadlineMs,
          'a call',
        ).catch((error: unknown) => (error instanceof DeadlineExceeded ? 'deadline' : 'other'));
        expect(outcome).toBe(callMs < deadlineMs ? 'call' : 'deadline');
      }),
      { numRuns: 30 },
    );
  });
});
