import { describe, expect, it } from 'vitest';
import {
  assertOccurrenceMove,
  canMoveOccurrence,
  isFinalOccurrenceState,
  OCCURRENCE_STATES,
  occurrenceKey,
  statesBefore,
} from '../plan/occurrence-state.js';
import { canMoveMessage, isFinalMessageState, MESSAGE_STATES, messageStatesBefore } from './message-state.js';

describe('the occurrence and message state machines', () => {
  it.each([
    ['planned', 'approved', true],
    ['approved', 'sending', true],
    ['approved', 'planned', true],
    ['sending', 'sent', true],
    ['sent', 'sending', true],
    ['sent', 'approved', false],
    ['planned', 'sending', false],
    ['done', 'planned', false],
    ['cancelled', 'approved', false],
  ] as const)('lets an occurrence go from %s to %s: %s', (from, to, allowed) => {
    expect(canMoveOccurrence(from, to)).toBe(allowed);
  });

  it('never moves an occurrence out of a final state, and says so', () => {
    for (const state of OCCURRENCE_STATES.filter(isFinalOccurrenceState))
      for (const to of OCCURRENCE_STATES) expect(canMoveOccurrence(state, to)).toBe(false);
    expect(() => assertOccurrenceMove('welcome@2', 'done', 'approved')).toThrow(
      'welcome@2 is done, so it cannot become approved. done is final.',
    );
    expect(statesBefore('sending')).toEqual(['approved', 'sent']);
  });

  it('never moves a message out of failed, cancelled or bounced, and a sent one only to bounced', () => {
    expect(MESSAGE_STATES.filter(isFinalMessageState)).toEqual(['failed', 'cancelled', 'bounced']);
    for (const state of ['failed', 'cancelled', 'bounced'] as const)
      for (const to of MESSAGE_STATES) expect(canMoveMessage(state, to)).toBe(false);
    expect(MESSAGE_STATES.filter((to) => canMoveMessage('sent', to))).toEqual(['bounced']);
    expect(messageStatesBefore('bounced')).toEqual(['sent']);
    expect(messageStatesBefore('sending')).toEqual(['queued', 'retrying']);
    expect(messageStatesBefore('cancelled')).toEqual(['queued', 'retrying']);
  });

  it('names an occurrence by its activity and, for wave occurrences, the wave id', () => {
    expect([occurrenceKey('announcement', undefined), occurrenceKey('wave-reminder', 3)]).toEqual(['announcement', 'wave-reminder@3']);
  });
});
