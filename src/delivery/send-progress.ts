import { plural } from '../shared/plural.js';
import { MINUTE_MS } from './pacing.js';

export interface SendProgress {
  sent: number;
  failed: number;
  /** Messages not yet in a final state. */
  remaining: number;
  /** Messages a minute since the meter started, once anything has gone. */
  perMinute?: number;
  /** At that rate, how long the rest will take, in seconds. */
  secondsLeft?: number;
}

/** Counts what a worker has sent, to show count, rate and time left. Pure: times come in. */
export class ProgressMeter {
  private sent = 0;
  private failed = 0;
  private remaining = 0;
  private lastAt: number;
  /** When the first message was recorded, and how many were recorded at the latest moment. */
  private firstAt: number | undefined;
  private doneAtLast = 0;

  constructor(
    private readonly startedAt: number,
    private readonly onReport: (progress: SendProgress) => void = () => {},
  ) {
    this.lastAt = startedAt;
  }

  setRemaining(remaining: number): void {
    this.remaining = remaining;
  }

  record(at: number, sent: boolean): void {
    if (sent) this.sent++;
    else this.failed++;
    this.remaining = Math.max(0, this.remaining - 1);
    if (this.firstAt === undefined) this.firstAt = at;
    if (at > this.lastAt) {
      this.lastAt = at;
      this.doneAtLast = 0;
    }
    if (at === this.lastAt) this.doneAtLast++;
  }

  /**
   * The rate is what went before the latest moment over the time from the first message to it:
   * one message a gap when they go one by one, and right too for a paced sender that sends a
   * minute's worth at once (counting the latest burst would make it look twice as fast).
   */
  snapshot(): SendProgress {
    const minutes = (this.lastAt - (this.firstAt ?? this.startedAt)) / MINUTE_MS;
    const done = this.sent + this.failed - this.doneAtLast;
    if (done <= 0 || minutes <= 0) return { sent: this.sent, failed: this.failed, remaining: this.remaining };
    const perMinute = done / minutes;
    return {
      sent: this.sent,
      failed: this.failed,
      remaining: this.remaining,
      perMinute: Math.round(perMinute * 10) / 10,
      secondsLeft: Math.round((this.remaining / perMinute) * 60),
    };
  }

  report(): void {
    this.onReport(this.snapshot());
  }
}

/** "120 sent, 2 failed, 4,878 to go, 29.8 a minute, about 2 hours 43 minutes left". */
export function describeProgress(progress: SendProgress): string {
  const parts = [`${progress.sent.toLocaleString('en-GB')} sent`];
  if (progress.failed) parts.push(`${progress.failed.toLocaleString('en-GB')} failed`);
  parts.push(`${progress.remaining.toLocaleString('en-GB')} to go`);
  if (progress.perMinute !== undefined) parts.push(`${progress.perMinute} a minute`);
  if (progress.secondsLeft !== undefined && progress.remaining > 0) parts.push(`about ${durationWords(progress.secondsLeft)} left`);
  return parts.join(', ');
}

export function durationWords(seconds: number): string {
  if (seconds < 90) return plural(Math.max(1, Math.round(seconds)), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return plural(minutes, 'minute');
  const hours = plural(Math.floor(minutes / 60), 'hour');
  return minutes % 60 ? `${hours} ${plural(minutes % 60, 'minute')}` : hours;
}
