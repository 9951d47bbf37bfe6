/** A one-line progress display on stderr: done/total, rate and ETA, redrawn at most 5 times a second. */
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private done = 0;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly write: (text: string) => void = (t) => process.stderr.write(t),
  ) {}

  add(n: number, total?: number): void {
    this.done += n;
    if (total !== undefined) this.total = total;
    if (Date.now() - this.last > 200) this.draw();
  }

  finish(): { done: number; seconds: number; perSecond: number } {
    this.draw();
    this.write('\n');
    const seconds = (Date.now() - this.started) / 1000;
    return { done: this.done, seconds, perSecond: this.done / Math.max(seconds, 1e-3) };
  }

  private draw(): void {
    this.last = Date.now();
    const seconds = (this.last - this.started) / 1000;
    const rate = this.done / Math.max(seconds, 1e-3);
    const total = Math.max(this.total, this.done);
    const pct = total ? Math.floor((100 * this.done) / total) : 100;
    const width = 30;
    const filled = Math.round((width * pct) / 100);
    const eta = rate > 0 ? Math.max(0, (total - this.done) / rate) : 0;
    this.write(
      `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${total} events ${pct}% ${Math.round(rate)} ev/s ETA ${eta.toFixed(0)} s   `,
    );
  }
}
