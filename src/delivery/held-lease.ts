import type { Queryable } from '../store/store.js';
import { type HoldOnMessage, holdOnMessage, renewLeases } from './claims.store.js';

export interface LeaseTerms {
  db: Queryable;
  orgId: string;
  owner: string;
  leaseMs: number;
  now: () => number;
}

/**
 * The lease on one claimed batch while a worker sends it. It is renewed on a heartbeat, and
 * before a message whenever less than half of it is left, so a live worker never loses a message
 * it is still sending, however slow the server. A message whose lease was lost anyway (the
 * process was frozen, the database held it up) is dropped and never sent (ADR 0008).
 */
export class HeldLease {
  private readonly held: Set<string>;
  private until: number;
  private renewing: Promise<void> | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly terms: LeaseTerms,
    keys: readonly string[],
    until: number,
  ) {
    this.held = new Set(keys);
    this.until = until;
    // A failed renewal is tried again on the next beat, and before the next message.
    this.heartbeat = setInterval(() => void this.renew().catch(() => {}), Math.max(10, terms.leaseMs / 4));
    this.heartbeat.unref();
  }

  /** The messages still held, the one in flight included. */
  get keys(): string[] {
    return [...this.held];
  }

  /**
   * Whether `key` may be sent now: `held` when it is still this worker's with at least half a
   * lease to go and its occurrence may still send; `stopped` when its occurrence was paused or
   * lost its approval since the claim (give it back); `lost` when another worker has it.
   */
  async check(key: string): Promise<HoldOnMessage> {
    if (this.terms.now() > this.until - this.terms.leaseMs / 2) await this.renew();
    if (!this.held.has(key)) return 'lost';
    // Another worker may have recorded it sent after taking it over while this one was frozen.
    const hold = await holdOnMessage(this.terms.db, this.terms.orgId, key, this.terms.owner);
    if (hold === 'lost') this.held.delete(key);
    return hold;
  }

  /** No longer part of this batch: recorded, or given back. */
  drop(keys: Iterable<string>): void {
    for (const key of keys) this.held.delete(key);
  }

  renew(): Promise<void> {
    this.renewing ??= this.renewNow().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  stop(): void {
    clearInterval(this.heartbeat);
  }

  private async renewNow(): Promise<void> {
    const { db, orgId, owner, leaseMs, now } = this.terms;
    const until = now() + leaseMs;
    const kept = new Set(await renewLeases(db, orgId, [...this.held], owner, until));
    for (const key of [...this.held]) if (!kept.has(key)) this.held.delete(key);
    this.until = until;
  }
}
