/** Redraws of the bar on a terminal, and lines written when stderr is a file or a pipe. */
const REDRAW_MS = 200;
const LINE_MS = 5000;

/**
 * Progress on stderr: done/total, rate and ETA. On a terminal one bar redrawn in place at most
 * 5 times a second; elsewhere (a log file, a pipe, CI) a plain line every 5 s, since carriage
 * returns would pile up there as one endless line.
 */
export class Progress {
  private readonly started = Date.now();
  private last = this.started;
  private done = 0;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly write: (text: string) => void = (t) => process.stderr.write(t),
    private readonly tty: boolean = process.stderr.isTTY === true,
  ) {}

  add(n: number, total?: number): void {
    this.done += n;
    if (total !== undefined) this.total = total;
    if (Date.now() - this.last >= (this.tty ? REDRAW_MS : LINE_MS)) this.draw();
  }

  finish(): { done: number; seconds: number; perSecond: number } {
    this.draw();
    if (this.tty) this.write('\n');
    const seconds = (Date.now() - this.started) / 1000;
    return { done: this.done, seconds, perSecond: this.done / Math.max(seconds, 1e-3) };
  }

  private draw(): void {
    this.last = Date.now();
    const seconds = (this.last - this.started) / 1000;
    const rate = this.done / Math.max(seconds, 1e-3);
    const total = Math.max(this.total, this.done);
    const pct = total ? Math.floor((100 * this.done) / total) : 100;
    const eta = rate > 0 ? Math.max(0, (total - this.done) / rate) : 0;
    const figures = `${this.done}/${total} events ${pct}% ${Math.round(rate)} ev/s ETA ${eta.toFixed(0)} s`;
    if (!this.tty) {
      this.write(`${this.label}: ${figures}\n`);
      return;
    }
    const width = 30;
    const filled = Math.round((width * pct) / 100);
    this.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${figures}   `);
  }
}
