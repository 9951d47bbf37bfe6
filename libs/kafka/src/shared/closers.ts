/** What a bus has opened: each close runs once, from its owner or from `closeAll` when the bus closes. */
export class Closers {
  private readonly open = new Set<() => Promise<void>>();

  track(close: () => Promise<void>): () => Promise<void> {
    const once = async () => {
      this.open.delete(once);
      await close();
    };
    this.open.add(once);
    return once;
  }

  async closeAll(): Promise<void> {
    for (const close of [...this.open]) await close().catch(() => undefined);
  }
}
