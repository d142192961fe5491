import { assign, FIXED, fits, UNPLACEABLE, type WavePlacement } from './wave-placement.js';

/** Puts each pinned node in its wave, in node order; a pin with no room left is marked unplaceable. */
export function placePins(placement: WavePlacement, pins: Int32Array): void {
  for (let node = 0; node < pins.length; node++) {
    const wave = pins[node] as number;
    if (wave < 0) continue;
    if (wave < placement.waveCount && fits(placement, node, wave)) {
      assign(placement, node, wave);
      placement.standing[node] = FIXED;
    } else {
      placement.standing[node] = UNPLACEABLE;
    }
  }
}

/**
 * Keeps each unpinned node of a saved plan in its wave. Where a wave has less room than it holds,
 * the fewest nodes leave: the largest first while bytes are short (the last one the least linked
 * of those big enough), then the least linked while mailboxes are short. Those who leave stay free.
 */
export function keepCurrentWhereRoom(placement: WavePlacement, current: Int32Array, pins: Int32Array): void {
  const membersOf: number[][] = Array.from({ length: placement.waveCount }, () => []);
  for (let node = 0; node < current.length; node++) {
    const wave = current[node] as number;
    if (wave >= 0 && wave < placement.waveCount && (pins[node] as number) < 0) membersOf[wave]?.push(node);
  }
  for (let wave = 0; wave < placement.waveCount; wave++) {
    const members = membersOf[wave] ?? [];
    if (members.length === 0) continue;
    const staying = whoStays(placement, members, current, pins, wave);
    for (const node of staying) {
      assign(placement, node, wave);
      placement.standing[node] = FIXED;
    }
  }
}

function whoStays(placement: WavePlacement, members: number[], current: Int32Array, pins: Int32Array, wave: number): number[] {
  const { sizes } = placement.graph;
  let bytesShort = -(placement.roomBytes[wave] as number);
  for (const node of members) bytesShort += sizes[node] as number;
  let countShort = members.length - (placement.roomCount[wave] as number);
  if (bytesShort <= 0 && countShort <= 0) return members;
  const stay = weightKeptByStaying(placement, members, current, pins, wave);
  const leaving = new Set<number>();
  const bySizeThenLink = [...members].sort(
    (a, b) => (sizes[b] as number) - (sizes[a] as number) || (stay.get(a) as number) - (stay.get(b) as number) || a - b,
  );
  for (const node of bySizeThenLink) {
    if (bytesShort <= 0) break;
    if (leaving.has(node)) continue;
    const lastOne = (sizes[node] as number) >= bytesShort;
    const leaver = lastOne ? (leastLinkedBigEnough(members, leaving, stay, sizes, bytesShort) ?? node) : node;
    leaving.add(leaver);
    bytesShort -= sizes[leaver] as number;
    countShort -= 1;
  }
  const byLink = [...members].sort((a, b) => (stay.get(a) as number) - (stay.get(b) as number) || a - b);
  for (const node of byLink) {
    if (countShort <= 0) break;
    if (leaving.has(node)) continue;
    leaving.add(node);
    countShort -= 1;
  }
  return members.filter((node) => !leaving.has(node));
}

/** When one more leaver can free the bytes still short, the least linked node that is big enough. */
function leastLinkedBigEnough(
  members: number[],
  leaving: Set<number>,
  stay: Map<number, number>,
  sizes: Float64Array,
  bytesShort: number,
): number | undefined {
  let best: number | undefined;
  for (const node of members) {
    if (leaving.has(node) || (sizes[node] as number) < bytesShort) continue;
    if (best === undefined || (stay.get(node) as number) < (stay.get(best) as number)) best = node;
  }
  return best;
}

/** Each member's link weight to the others planned in the same wave (what leaving would break). */
function weightKeptByStaying(
  placement: WavePlacement,
  members: number[],
  current: Int32Array,
  pins: Int32Array,
  wave: number,
): Map<number, number> {
  const { offsets, neighbours, weights } = placement.graph;
  const stay = new Map<number, number>();
  for (const node of members) {
    let total = 0;
    for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
      const neighbour = neighbours[k] as number;
      if (current[neighbour] === wave || pins[neighbour] === wave) total += weights[k] as number;
    }
    stay.set(node, total);
  }
  return stay;
}
