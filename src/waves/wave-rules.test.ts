import { describe, expect, it } from 'vitest';
import { defaultWaveEnd, newWaveName, nextWaveName, validateWave } from './wave-rules.js';

const waves = [{ id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' }];

describe('wave rules', () => {
  it.each([
    ['a Saturday', '2027-02-20', '2027-02-21'],
    ['a Friday', '2027-02-19', '2027-02-21'],
    ['a Sunday', '2027-02-21', '2027-02-21'],
    ['a Monday', '2027-02-22', '2027-02-28'],
  ])('ends a wave starting on %s on the Sunday of that weekend', (_day, start, end) => {
    expect(defaultWaveEnd(start)).toBe(end);
  });

  it('names a new wave after the last number in use', () => {
    expect(nextWaveName([])).toBe('Wave 1');
    expect(nextWaveName([{ name: 'Wave 1' }, { name: 'Wave 3' }])).toBe('Wave 4');
  });

  it.each([
    [undefined, 'Wave 2'],
    ['  ', 'Wave 2'],
    [' Pharmacy ', 'Pharmacy'],
  ])('gives a new wave called %j the name %j', (name, expected) => {
    expect(newWaveName(name, waves)).toBe(expected);
  });

  it.each([
    ['Wave\nOne', 'has a line break'],
    ['W'.repeat(101), 'at most 100'],
  ])('refuses a new wave called %j: %s', (name, words) => {
    expect(() => newWaveName(name, waves)).toThrowError(
      expect.objectContaining({ code: 'invalid-wave', message: expect.stringContaining(words) }),
    );
  });

  it.each([
    [
      'starts before the programme',
      { name: 'Early', start: '2026-12-05', end: '2026-12-06' },
      'invalid-wave',
      'before the programme starts',
    ],
    ['ends before it starts', { name: 'Odd', start: '2027-03-07', end: '2027-03-06' }, 'invalid-wave', 'before it starts'],
    ['overlaps another wave', { name: 'Clash', start: '2027-02-21', end: '2027-02-22' }, 'wave-overlap', 'overlap Wave 1'],
    ['reuses a name', { name: 'wave 1', start: '2027-03-06', end: '2027-03-07' }, 'already-exists', 'already a wave'],
  ])('refuses a wave that %s', (_label, wave, code, words) => {
    expect(() => validateWave(wave, waves, '2026-12-07')).toThrowError(
      expect.objectContaining({ code, message: expect.stringContaining(words) }),
    );
  });

  it('accepts a wave that touches no other', () => {
    expect(() => validateWave({ name: 'Wave 2', start: '2027-02-27', end: '2027-02-28' }, waves, '2026-12-07')).not.toThrow();
  });
});
