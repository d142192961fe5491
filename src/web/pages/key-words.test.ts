import { describe, expect, it } from 'vitest';
import { actorAfterBy, actorLabel } from './actor-words.js';
import { inPlainWords, occurrenceName } from './key-words.js';

const names = {
  activities: new Map([
    ['welcome', 'Welcome'],
    ['wave-reminder', 'Remind each wave in the week it moves'],
  ]),
  waves: new Map([[1, 'Wave 1']]),
};

describe('the plan’s ids in words', () => {
  it('names an occurrence by its activity and wave', () => {
    expect(occurrenceName('welcome@1', names)).toBe('Welcome — Wave 1');
    expect(occurrenceName('welcome', names)).toBe('Welcome');
    expect(occurrenceName('unknown@1', names)).toBeUndefined();
  });

  it('reads stored text with ISO times, keys and notes in words, and leaves addresses alone', () => {
    expect(inPlainWords('occurrence: welcome@1; due 2027-02-08T09:00:00.000Z', names)).toBe(
      'occurrence: Welcome — Wave 1; due 9am on 8 February 2027',
    );
    expect(inPlainWords('task-notes:2027-01-10:owner@example.nhs.uk: every message has gone', names)).toBe(
      'the note to owner@example.nhs.uk about their tasks on 10 January 2027: every message has gone',
    );
    expect(inPlainWords('wave-reminder for Wave 1: 3 recipients', names)).toBe(
      'Remind each wave in the week it moves for Wave 1: 3 recipients',
    );
    expect(inPlainWords('sent to p1@example.nhs.uk', names)).toBe('sent to p1@example.nhs.uk');
  });
});

describe('who made a change', () => {
  it('names what commsplan writes for itself as people read it, and a person as they are', () => {
    expect(actorLabel('cli')).toBe('From the command line');
    expect(actorLabel('worker')).toBe('The sending worker');
    expect(actorLabel('demo')).toBe('The demo set-up');
    expect(actorLabel('commsplan')).toBe('Commsplan, by itself');
    expect(actorLabel('editor@test.example')).toBe('editor@test.example');
    expect(actorAfterBy('cli')).toBe('someone at the command line');
  });
});
