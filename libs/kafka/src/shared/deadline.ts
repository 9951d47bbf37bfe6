/** A client call that has not settled by its deadline: its caller treats it as failed. */
export class DeadlineExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * `work`'s outcome, or a DeadlineExceeded once `ms` have passed. A broker call whose answer never
 * comes would otherwise stop its partition for good; past the deadline it fails like any other
 * call, and the caller retries with a fresh client (whose transactional id fences the old one's
 * late effects).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`${what} has not returned in ${ms} ms`)), ms);
  });
  // Abandoned after the deadline, its failure is nobody's to handle.
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * How long one client call may take before it counts as failed: twice the session timeout (the
 * time a member may go silent), and never under 10 s, well past any call's answer on a live broker.
 */
export function callDeadlineMs(sessionTimeoutMs: number): number {
  return Math.max(2 * sessionTimeoutMs, 10000);
}
