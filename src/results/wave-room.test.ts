import { describe, expect, it } from 'vitest';
import type { Wave } from '../waves/wave.js';
import { capacityOf, placeInNextWaves, refusalToCarryInto, type WaveRoom } from './wave-room.js';

const wave = (id: number, start: string, capacity?: number): Wave => ({
  id,
  name: `Wave ${id}`,
  start,
  end: start.replace(/-(\d\d)$/, (_m, day: string) => `-${String(Number(day) + 1).padStart(2, '0')}`),
  ...(capacity === undefined ? {} : { capacity }),
});
const W1 = wave(1, '2027-02-20');
const W2 = wave(2, '2027-02-27', 3);
const W3 = wave(3, '2027-03-13');
const room = (w: Wave, people: number, capacity = w.capacity): WaveRoom => ({ wave: w, people, capacity });

describe('room in a wave', () => {
  it('takes the wave’s own capacity, else the setting, else none', () => {
    expect([capacityOf(W2, 10), capacityOf(W3, 10), capacityOf(W3, undefined)]).toEqual([3, 10, undefined]);
  });

  it.each([
    ['a wave with room', room(W2, 1), 2, '2027-02-22', undefined],
    ['a wave without a capacity', room(W3, 5000), 40, '2027-02-22', undefined],
    [
      'a full wave, with its sizes',
      room(W2, 2),
      2,
      '2027-02-22',
      'Wave 2 is full: it has 2 people for 3 places, so it has room for 1, not 2.',
    ],
    ['a wave that has started', room(W2, 0), 1, '2027-02-27', 'Wave 2 started on Saturday 27 February 2027'],
  ])('refuses or accepts %s', (_what, target, newcomers, today, refusal) => {
    const said = refusalToCarryInto(target, newcomers, today);
    if (refusal === undefined) expect(said).toBeUndefined();
    else expect(said).toContain(refusal);
  });

  it('fills the next wave still to come before the one after, and leaves over who fits nowhere', () => {
    const rooms = [room(W1, 10), room(W2, 2), room(wave(3, '2027-03-13', 1), 0)];
    const { placed, leftOver } = placeInNextWaves(['a', 'b', 'c'], W1, rooms, '2027-02-22');
    expect(placed.map((p) => [p.person, p.wave.name])).toEqual([
      ['a', 'Wave 2'],
      ['b', 'Wave 3'],
    ]);
    expect(leftOver).toEqual(['c']);
  });

  it('places someone with the colleagues they share mail with when that wave has room, else in the next with room', () => {
    const W4 = wave(4, '2027-03-20', 1);
    const rooms = [room(W1, 10), room(W2, 0), room(W3, 0), room(W4, 0)];
    const preferred = new Map([
      ['a', ['Wave 4']],
      ['b', ['Wave 4', 'Wave 1']],
      ['c', ['Wave 1']],
    ]);
    const { placed } = placeInNextWaves(['a', 'b', 'c'], W1, rooms, '2027-02-22', preferred);
    expect(placed.map((p) => [p.person, p.wave.name])).toEqual([
      ['a', 'Wave 4'],
      ['b', 'Wave 2'],
      ['c', 'Wave 2'],
    ]);
  });

  it('never places anyone in a wave that has already started', () => {
    const { placed } = placeInNextWaves(['a'], W1, [room(W2, 0), room(W3, 0)], '2027-02-28');
    expect(placed.map((p) => p.wave.name)).toEqual(['Wave 3']);
  });
});
