import { formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { plural } from '../shared/plural.js';
import type { Wave } from '../waves/wave.js';

/** A wave's own capacity, else the wave-capacity setting; undefined: the wave is never full. */
export function capacityOf(wave: Wave, defaultCapacity: number | undefined): number | undefined {
  return wave.capacity ?? defaultCapacity;
}

export interface WaveRoom {
  wave: Wave;
  people: number;
  capacity: number | undefined;
}

/** Why people cannot be carried into this wave, or undefined when they can. */
export function refusalToCarryInto(room: WaveRoom, newcomers: number, today: LocalDate): string | undefined {
  const { wave, people, capacity } = room;
  if (wave.start <= today)
    return `${wave.name} started on ${formatLongDate(wave.start)}, so nobody can be carried over into it. Choose a wave still to come.`;
  if (capacity !== undefined && people + newcomers > capacity)
    return `${wave.name} is full: it has ${plural(people, 'person', 'people')} for ${plural(capacity, 'place')}, so it has room for ${Math.max(0, capacity - people)}, not ${newcomers}. Raise its capacity (commsplan waves capacity "${wave.name}" N) or choose another wave.`;
  return undefined;
}

/**
 * Places each person in the wave of their linked colleagues (`preferred`, best first) when it
 * comes after `from`, is still to come and has room; else in the first such wave with room, in
 * wave order, filling one before the next. People for whom no wave has room are left over.
 */
export function placeInNextWaves(
  people: readonly string[],
  from: Wave,
  rooms: readonly WaveRoom[],
  today: LocalDate,
  preferred: ReadonlyMap<string, readonly string[]> = new Map(),
): { placed: { person: string; wave: Wave }[]; leftOver: string[] } {
  const later = rooms
    .filter((room) => room.wave.start > from.end && room.wave.start > today)
    .sort((a, b) => a.wave.start.localeCompare(b.wave.start))
    .map((room) => ({ ...room }));
  const placed: { person: string; wave: Wave }[] = [];
  const leftOver: string[] = [];
  for (const person of people) {
    const hasRoom = (candidate: WaveRoom) => candidate.capacity === undefined || candidate.people < candidate.capacity;
    const withColleagues = (preferred.get(person) ?? [])
      .map((name) => later.find((candidate) => candidate.wave.name.toLowerCase() === name.toLowerCase()))
      .find((candidate) => candidate !== undefined && hasRoom(candidate));
    const room = withColleagues ?? later.find(hasRoom);
    if (!room) {
      leftOver.push(person);
      continue;
    }
    room.people += 1;
    placed.push({ person, wave: room.wave });
  }
  return { placed, leftOver };
}
