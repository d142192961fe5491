import { describe, expect, it } from 'vitest';
import { deadlineOf, forecastSending, lateSendingFindings, type SenderBacklog, type UpcomingOccurrence } from './forecast.js';

const EXCHANGE = { perMinute: 30, perDay: 10_000, perMessage: 500 };
const NOW = Date.parse('2026-11-24T10:00:00Z');
const WAVE = { name: 'Wave 1', start: '2027-03-13' };
const idle = (queued = 0): SenderBacklog => ({ limits: EXCHANGE, recent: [], queued });

const reminder = (messages: number, sendAt = '2027-03-11T09:00:00Z'): UpcomingOccurrence => ({
  key: 'wave-reminder@1',
  activityId: 'wave-reminder',
  date: '2027-03-11',
  sendAt: Date.parse(sendAt),
  wave: WAVE,
  messages,
  senderName: 'project',
});
const welcome = (messages: number): UpcomingOccurrence => ({
  key: 'welcome@1',
  activityId: 'welcome',
  date: '2027-03-15',
  sendAt: Date.parse('2027-03-15T16:00:00Z'),
  wave: WAVE,
  messages,
  senderName: 'project',
});

describe('the sending forecast', () => {
  it.each([
    ['a wave reminder two days before the wave', { date: '2027-03-11', wave: WAVE }, '2027-03-13T00:00:00.000Z', 'before the wave starts'],
    ['a welcome on the Monday after the wave', { date: '2027-03-15', wave: WAVE }, '2027-03-16T00:00:00.000Z', 'by the end of its day'],
    ['an announcement in summer time', { date: '2027-06-01' }, '2027-06-01T23:00:00.000Z', 'by the end of its day'],
  ] as const)('sets the deadline of %s', (_name, occurrence, at, rule) => {
    const deadline = deadlineOf(occurrence);
    expect([new Date(deadline.at).toISOString(), deadline.rule]).toEqual([at, rule]);
  });

  it.each([
    ['5,000 reminders at 30 a minute take almost three hours and are in time', reminder(5_000), 167, false],
    ['30,000 reminders go 10,000 a rolling day, each day taking 334 minutes, and are late', reminder(30_000), 2 * 24 * 60 + 334, true],
    ['5,000 welcomes from 16:00 finish before midnight', welcome(5_000), 167, false],
    ['12,000 welcomes from 16:00 wait a day for the last 2,000 and are late', welcome(12_000), 24 * 60 + 67, true],
  ] as const)('%s', (_name, occurrence, minutes, late) => {
    const [forecast] = forecastSending(NOW, [occurrence], new Map([['project', idle()]]));
    expect(forecast).toMatchObject({ minutes, late });
  });

  it('puts each occurrence after what its sender has queued and what goes before it', () => {
    const first = reminder(3_000, '2027-03-11T09:00:00Z');
    const second = { ...reminder(3_000, '2027-03-11T09:00:00Z'), key: 'wave-reminder@2', wave: { name: 'Wave 2', start: '2027-03-20' } };
    const [a, b] = forecastSending(Date.parse('2027-03-11T09:00:00Z'), [second, first], new Map([['project', idle(600)]]));
    expect(a).toMatchObject({ key: 'wave-reminder@1', startsAt: '2027-03-11T09:20:00.000Z', finishesAt: '2027-03-11T11:00:00.000Z' });
    expect(b).toMatchObject({ key: 'wave-reminder@2', startsAt: '2027-03-11T11:00:00.000Z', finishesAt: '2027-03-11T12:40:00.000Z' });
  });

  it('of occurrences due at the same moment, forecasts the higher priority first, as the sending loop claims them', () => {
    const at = '2027-01-14T09:00:00Z';
    const staff = { ...reminder(2_800, at), key: 'detailed-actions', activityId: 'detailed-actions', priority: 3 };
    const helpdesk = { ...reminder(11, at), key: 'helpdesk', activityId: 'helpdesk', priority: 1 };
    const [a, b] = forecastSending(Date.parse(at), [staff, helpdesk], new Map([['project', idle()]]));
    expect(a).toMatchObject({ key: 'helpdesk', startsAt: '2027-01-14T09:00:00.000Z', finishesAt: '2027-01-14T09:01:00.000Z' });
    expect(b).toMatchObject({ key: 'detailed-actions', startsAt: '2027-01-14T09:01:00.000Z' });
  });

  it('says so when an occurrence has no sender, and reports only late ones to check', () => {
    const forecasts = forecastSending(NOW, [{ ...reminder(10), senderName: undefined }, welcome(12_000)], new Map([['project', idle()]]));
    expect(forecasts[0]?.problem).toBe('it has no sender and there is no default sender');
    const findings = lateSendingFindings(forecasts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', code: 'sending-late', activityId: 'welcome', wave: 'Wave 1' });
    expect(findings[0]?.message).toContain('must be sent by the end of its day (2027-03-16T00:00:00.000Z)');
  });
});
