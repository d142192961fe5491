import { describe, expect, it } from 'vitest';
import type { SenderLimits } from '../senders/sender-config.js';
import type { SentMessage } from '../senders/sent-message.js';
import { DAY_MS, MINUTE_MS, pace, pacedFinish } from './pacing.js';

const EXCHANGE: SenderLimits = { perMinute: 30, perDay: 10_000, perMessage: 500 };
const NOW = Date.parse('2026-11-24T10:00:00Z');
const sentAt = (msAgo: number, recipients = 1, count = 1): SentMessage[] =>
  Array.from({ length: count }, () => ({ at: NOW - msAgo, recipients }));

describe('pacing a sender at 30 a minute, 10,000 recipients a rolling day and 500 a message', () => {
  it.each([
    ['nothing sent yet', [], 30, NOW, undefined],
    ['12 sent 20 seconds ago', sentAt(20_000, 1, 12), 18, NOW, undefined],
    ['30 sent 20 seconds ago: wait until they are a minute old', sentAt(20_000, 1, 30), 0, NOW + 40_000, 'per-minute'],
    ['30 sent 61 seconds ago: they no longer count', sentAt(61_000, 1, 30), 30, NOW, undefined],
    ['9,990 recipients in the last day: 10 more', sentAt(3_600_000, 1, 9_990), 10, NOW, undefined],
    ['10,000 recipients 23 hours ago: wait an hour', sentAt(23 * 3_600_000, 1, 10_000), 0, NOW + 3_600_000, 'per-day'],
    ['10,000 recipients 25 hours ago: the day is rolling, not a calendar day', sentAt(25 * 3_600_000, 1, 10_000), 30, NOW, undefined],
    [
      'both limits reached: the later of the two waits',
      [...sentAt(23 * 3_600_000, 9_970), ...sentAt(10_000, 1, 30)],
      0,
      NOW + 3_600_000,
      'per-day',
    ],
  ] as const)('%s', (_name, recent, messagesNow, nextAt, heldBy) => {
    const decision = pace(EXCHANGE, recent, NOW);
    expect(decision).toEqual({ messagesNow, nextAt, recipientsPerMessage: decision.recipientsPerMessage, ...(heldBy ? { heldBy } : {}) });
  });

  it.each([
    ['a fresh day', [], 500],
    ['9,800 recipients sent today', sentAt(3_600_000, 9_800), 200],
    ['the day used up', sentAt(3_600_000, 10_000), 0],
  ] as const)('allows at most 500 recipients in one message, fewer when the day is nearly used: %s', (_name, recent, most) => {
    expect(pace(EXCHANGE, recent, NOW).recipientsPerMessage).toBe(most);
  });

  it.each([
    ['30 messages go in the first minute', 30, 0],
    ['31 need a second minute', 31, MINUTE_MS],
    ['5,000 messages take almost three hours', 5_000, 166 * MINUTE_MS],
    ['10,001 wait for the first minute of the day to fall out of the window', 10_001, DAY_MS],
  ] as const)('forecasts the finish: %s', (_name, messages, after) => {
    expect(pacedFinish(EXCHANGE, [], NOW, messages) - NOW).toBe(after);
  });

  it.each([
    ['12 in one group 20 seconds ago', [{ at: NOW - 20_000, recipients: 12, messages: 12 }], 18, NOW],
    [
      '30 in one group 20 seconds ago: wait until the group is a minute old',
      [{ at: NOW - 20_000, recipients: 30, messages: 30 }],
      0,
      NOW + 40_000,
    ],
    [
      'groups of 20 and 10: the older group frees room first',
      [
        { at: NOW - 50_000, recipients: 20, messages: 20 },
        { at: NOW - 10_000, recipients: 10, messages: 10 },
      ],
      0,
      NOW + 10_000,
    ],
    ['a group of 9,990 recipients an hour ago: 10 more today', [{ at: NOW - 3_600_000, recipients: 9_990, messages: 9_990 }], 10, NOW],
  ] as const)('paces usage grouped by the second as it paces single messages: %s', (_name, recent, messagesNow, nextAt) => {
    const grouped = pace(EXCHANGE, recent, NOW);
    const single = pace(
      EXCHANGE,
      recent.flatMap((group) => sentAt(NOW - group.at, 1, group.messages)),
      NOW,
    );
    expect([grouped.messagesNow, grouped.nextAt]).toEqual([messagesNow, nextAt]);
    expect(grouped).toEqual(single);
  });

  it('forecasts after what the sender already sent in the last day', () => {
    expect(pacedFinish(EXCHANGE, sentAt(12 * 3_600_000, 10_000), NOW, 1) - NOW).toBe(12 * 3_600_000);
  });
});
