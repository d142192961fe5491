import { recentUsage } from '../senders/sender-state.store.js';
import type { SentMessage } from '../senders/sent-message.js';
import type { Queryable } from '../store/store.js';

/**
 * A pass counts what it sends itself and reads the sender's usage from the store again after this
 * many messages, so that another worker's sending is seen without reading a day of usage per batch.
 */
const USAGE_READ_EVERY = 1_000;

/** Each sender's usage in the last day, for its pacing: read from the store, plus what this pass sent since. */
export class UsageTally {
  private readonly usage = new Map<string, { recent: SentMessage[]; sentSinceRead: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly orgId: string,
  ) {}

  async of(senderName: string, now: number): Promise<SentMessage[]> {
    const known = this.usage.get(senderName);
    if (known && known.sentSinceRead < USAGE_READ_EVERY) return known.recent;
    const recent = await recentUsage(this.db, this.orgId, senderName, now);
    this.usage.set(senderName, { recent, sentSinceRead: 0 });
    return recent;
  }

  count(senderName: string, at: number): void {
    const known = this.usage.get(senderName);
    if (!known) return;
    known.sentSinceRead++;
    const last = known.recent.at(-1);
    // Grouped by the second as the store groups them, so a fast pass keeps a short list.
    if (last && Math.floor(last.at / 1000) === Math.floor(at / 1000) && last.at <= at) {
      last.at = at;
      last.recipients++;
      last.messages = (last.messages ?? 1) + 1;
    } else known.recent.push({ at, recipients: 1, messages: 1 });
  }
}
