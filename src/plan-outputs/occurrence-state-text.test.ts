import { describe, expect, it } from 'vitest';
import type { EmailRecord, MessageCounts, TaskRecord } from '../plan/plan-record.js';
import { emailStateText, messageCountsText, occurrenceStateText, taskStateText } from './occurrence-state-text.js';

const counts = (over: Partial<MessageCounts> = {}): MessageCounts => ({
  recipients: 0,
  sent: 0,
  waiting: 0,
  failed: 0,
  bounced: 0,
  cancelled: 0,
  ...over,
});
const email = (over: Partial<EmailRecord>): EmailRecord => ({
  state: 'planned',
  counts: counts(),
  approvedBy: undefined,
  due: false,
  reason: undefined,
  ...over,
});
const task = (over: Partial<TaskRecord>): TaskRecord => ({
  state: 'open',
  owner: undefined,
  closedBy: undefined,
  closedAt: undefined,
  ...over,
});

describe('the words for where an occurrence stands', () => {
  it.each([
    [email({}), 'planned, not approved yet'],
    [email({ due: true }), 'not sent: nobody approved it by its date'],
    [email({ state: 'approved', approvedBy: 'Priya Shah' }), 'approved by Priya Shah'],
    [email({ state: 'sending', counts: counts({ recipients: 1500, sent: 300, waiting: 1200 }) }), 'sending (1,200 waiting)'],
    [email({ state: 'sent' }), 'sent'],
    [email({ state: 'paused', reason: 'paused by Priya Shah' }), 'paused by Priya Shah'],
    [email({ state: 'paused', reason: '5 failures in a row' }), 'paused: 5 failures in a row'],
    [email({ state: 'cancelled' }), 'cancelled'],
    [email({ state: 'skipped' }), 'skipped'],
  ])('an email %#: %s', (record, text) => {
    expect(emailStateText(record)).toBe(text);
  });

  it.each([
    [counts(), 'no messages made yet'],
    [counts({ recipients: 1, sent: 1 }), '1 person: 1 sent, 0 failed, 0 bounced'],
    [
      counts({ recipients: 1240, sent: 1230, waiting: 2, failed: 3, bounced: 1, cancelled: 4 }),
      '1,240 people: 1,230 sent, 2 waiting, 3 failed, 1 bounced, 4 not sent (cancelled)',
    ],
  ])('what its messages did %#: %s', (c, text) => {
    expect(messageCountsText(c)).toBe(text);
  });

  it.each([
    [task({}), 'open'],
    [task({ state: 'late' }), 'open and late: its day has passed'],
    [
      task({ state: 'done', closedBy: 'Tom Okafor <tom@example.nhs.uk>', closedAt: '2026-12-14T23:30:00Z' }),
      'done by Tom Okafor on Monday 14 December 2026',
    ],
    [task({ state: 'skipped', closedBy: 'Priya Shah' }), 'skipped by Priya Shah'],
  ])('a task %#: %s', (record, text) => {
    expect(taskStateText(record)).toBe(text);
  });

  it('gives both halves of an occurrence that sends an email and has a task, with counts when asked', () => {
    const record = { key: 'announcement', email: email({ state: 'sent', counts: counts({ recipients: 2, sent: 2 }) }), task: task({}) };
    expect(occurrenceStateText(record)).toBe('email sent; task open');
    expect(occurrenceStateText(record, { withCounts: true })).toBe('email sent (2 people: 2 sent, 0 failed, 0 bounced); task open');
    expect(occurrenceStateText({ key: 'posters', email: undefined, task: task({ state: 'done' }) })).toBe('task done');
    const sending = {
      key: 'mobile-users',
      email: email({ state: 'sending', counts: counts({ recipients: 3, sent: 1, waiting: 2 }) }),
      task: undefined,
    };
    expect(occurrenceStateText(sending)).toBe('sending (2 waiting)');
    expect(occurrenceStateText(sending, { withCounts: true })).toBe('sending (3 people: 1 sent, 2 waiting, 0 failed, 0 bounced)');
  });
});
