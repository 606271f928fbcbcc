import { readFileSync } from 'fs';

/** A process's resident set now and its high-water mark, in MiB (Linux /proc). */
export function readRss(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/**
 * Polls a process's RSS on an interval and keeps the largest value seen.
 * VmHWM (the kernel's own peak) is read as well, since a short spike can
 * fall between two polls.
 */
export class RssSampler {
  private peakMb = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly pid: number, private readonly intervalMs = 50) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  /** The largest RSS polled so far, in MiB. */
  get polledPeakMb(): number {
    return this.peakMb;
  }

  sample(): { rssMb: number; hwmMb: number } | undefined {
    try {
      const now = readRss(this.pid);
      this.peakMb = Math.max(this.peakMb, now.rssMb);
      return now;
    } catch {
      // The process has exited; the last figures stand.
      return undefined;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
