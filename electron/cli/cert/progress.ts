// Progress of a long command on stderr: a bar redrawn in place on a terminal, a plain line every
// tenth of the way otherwise (CI logs keep every line).
import type { BatchProgress } from '../../../shared/certs/batch';

const WIDTH = 30;
const REDRAW_MS = 100;

export class ProgressBar {
  private lastDraw = 0;
  private lastTenth = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly tty = Boolean(process.stderr.isTTY),
  ) {}

  update(p: BatchProgress): void {
    if (this.tty) {
      const now = Date.now();
      if (now - this.lastDraw < REDRAW_MS && p.done < p.total) return;
      this.lastDraw = now;
      const filled = Math.round((p.done / Math.max(p.total, 1)) * WIDTH);
      const eta = p.rate > 0 ? Math.ceil((p.total - p.done) / p.rate) : 0;
      this.stream.write(
        `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.done}/${p.total}  ${p.rate.toFixed(0)}/s  eta ${eta}s `,
      );
      return;
    }
    const tenth = Math.floor((p.done * 10) / Math.max(p.total, 1));
    if (tenth > this.lastTenth || p.done === p.total) {
      this.lastTenth = tenth;
      this.stream.write(`${this.label} ${p.done}/${p.total} (${p.rate.toFixed(0)}/s)\n`);
    }
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.tty) this.stream.write('\n');
  }
}
