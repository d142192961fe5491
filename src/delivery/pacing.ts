import type { SenderLimits } from '../senders/sender-config.js';
import type { SentMessage } from '../senders/sent-message.js';

/*
 * How fast a sender may go (`SenderLimits`). Exchange Online holds a mailbox to a number of messages
 * a minute, a number of recipients in any 24 hours (rolling, not per calendar day) and a number of
 * recipients a message. Pure: the usage and the clock come in as data.
 */

const messagesIn = (sent: SentMessage) => sent.messages ?? 1;
const sumOf = (entries: readonly SentMessage[], of: (sent: SentMessage) => number) => entries.reduce((sum, m) => sum + of(m), 0);

export interface PacingDecision {
  /** How many one-recipient messages may go now; 0 when the sender must wait. */
  messagesNow: number;
  /** When the next message may go: `now` when `messagesNow` is above 0. */
  nextAt: number;
  /** Which limit holds the sender back, when one does. */
  heldBy?: 'per-minute' | 'per-day';
  /** The most recipients one message may have now. */
  recipientsPerMessage: number;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * What `sender` may send at `now`, given what it sent in the last 24 hours (`recent`, any order;
 * older entries are ignored).
 */
export function pace(limits: SenderLimits, recent: readonly SentMessage[], now: number): PacingDecision {
  const lastDay = recent.filter((m) => m.at > now - DAY_MS && m.at <= now).sort((a, b) => a.at - b.at);
  const lastMinute = lastDay.filter((m) => m.at > now - MINUTE_MS);
  const minuteLeft = limits.perMinute - sumOf(lastMinute, messagesIn);
  const dayLeft = limits.perDay - sumOf(lastDay, (m) => m.recipients);
  const recipientsPerMessage = Math.max(0, Math.min(limits.perMessage, dayLeft));
  if (minuteLeft > 0 && dayLeft > 0) return { messagesNow: Math.min(minuteLeft, dayLeft), nextAt: now, recipientsPerMessage };
  const minuteFreeAt = minuteLeft > 0 ? now : minuteWindowFreesAt(lastMinute, minuteLeft);
  const dayFreeAt = dayLeft > 0 ? now : dayWindowFreesAt(lastDay, dayLeft);
  return dayFreeAt > minuteFreeAt
    ? { messagesNow: 0, nextAt: dayFreeAt, heldBy: 'per-day', recipientsPerMessage }
    : { messagesNow: 0, nextAt: minuteFreeAt, heldBy: 'per-minute', recipientsPerMessage };
}

/** When enough of the last minute's messages (oldest first) fall out of the window to free one. */
function minuteWindowFreesAt(lastMinute: readonly SentMessage[], minuteLeft: number): number {
  let freed = minuteLeft;
  for (const sent of lastMinute) {
    freed += messagesIn(sent);
    if (freed > 0) return sent.at + MINUTE_MS;
  }
  return (lastMinute.at(-1)?.at ?? 0) + MINUTE_MS;
}

/** When enough of the day's recipients (oldest first) fall out of the window to free one. */
function dayWindowFreesAt(lastDay: readonly SentMessage[], dayLeft: number): number {
  let freed = dayLeft;
  for (const message of lastDay) {
    freed += message.recipients;
    if (freed > 0) return message.at + DAY_MS;
  }
  return (lastDay.at(-1)?.at ?? 0) + DAY_MS;
}

/**
 * When `messages` one-recipient messages, started no earlier than `start`, will all have gone,
 * sending as fast as the limits allow after what was already sent (`recent`). Whole minutes at a
 * time, so a forecast of a million messages stays quick; it returns the start of the last minute
 * used, so it is never earlier than the real finish by more than a minute.
 */
export function pacedFinish(limits: SenderLimits, recent: readonly SentMessage[], start: number, messages: number): number {
  return pacedSchedule(limits, recent, start, messages).finish;
}

/** `pacedFinish`, with the sending it forecasts (minute by minute) so the next forecast counts it. */
export function pacedSchedule(
  limits: SenderLimits,
  recent: readonly SentMessage[],
  start: number,
  messages: number,
): { finish: number; sending: SentMessage[] } {
  const sending: SentMessage[] = [];
  if (messages <= 0) return { finish: start, sending };
  // Recipients sent per minute bucket, oldest first, within the rolling day.
  const window: { at: number; recipients: number }[] = recent
    .filter((m) => m.at > start - DAY_MS && m.at <= start)
    .sort((a, b) => a.at - b.at)
    .map((m) => ({ ...m }));
  let inWindow = window.reduce((sum, m) => sum + m.recipients, 0);
  let inLastMinute = sumOf(
    window.filter((m) => m.at > start - MINUTE_MS),
    messagesIn,
  );
  let at = start;
  let left = messages;
  while (true) {
    while (window.length > 0 && (window[0] as SentMessage).at <= at - DAY_MS) inWindow -= (window.shift() as SentMessage).recipients;
    const now = Math.min(limits.perMinute - inLastMinute, limits.perDay - inWindow, left);
    if (now > 0) {
      window.push({ at, recipients: now });
      sending.push({ at, recipients: now });
      inWindow += now;
      left -= now;
      if (left === 0) return { finish: at, sending };
    }
    const nextFree = inWindow >= limits.perDay && window.length > 0 ? (window[0] as SentMessage).at + DAY_MS : at + MINUTE_MS;
    at = Math.max(at + MINUTE_MS, nextFree);
    inLastMinute = 0;
  }
}
