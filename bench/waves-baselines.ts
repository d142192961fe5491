/**
 * The ways waves are planned without our planner, for the benchmark to compare it with. Each
 * fills the same waves, in date order, without going over any wave's room in mailboxes or bytes.
 */
import type { LinkGraph } from '../src/waves/link-graph.js';
import type { WaveSpace } from '../src/waves/partition-waves.js';

/** Groups of mailboxes to keep together, one after another in `members`; piece `p` is `members[starts[p] .. starts[p + 1])`. */
interface Pieces {
  members: Int32Array;
  starts: number[];
}

/** The room every wave has at least, so that a piece cut to it fits in any wave. */
function smallestRoom(waves: readonly WaveSpace[]): WaveSpace {
  return {
    mailboxes: Math.min(...waves.map((w) => w.mailboxes)),
    bytes: Math.min(...waves.map((w) => w.bytes)),
  };
}

/** Cuts `ordered` into pieces in its order, starting a new piece when the next mailbox would go over `room`. */
function addCutToRoom(pieces: Pieces, ordered: Int32Array, sizes: Float64Array, room: WaveSpace, at: number): number {
  let count = 0;
  let bytes = 0;
  pieces.starts.push(at);
  for (const node of ordered) {
    const size = sizes[node] as number;
    if (count > 0 && (count + 1 > room.mailboxes || bytes + size > room.bytes)) {
      pieces.starts.push(at);
      count = 0;
      bytes = 0;
    }
    pieces.members[at] = node;
    at += 1;
    count += 1;
    bytes += size;
  }
  return at;
}

/** Pieces, largest first by mailboxes (then bytes), each into the earliest wave with room for all of it. */
function packFirstFitDecreasing(pieces: Pieces, sizes: Float64Array, waves: readonly WaveSpace[], nodeCount: number): Int32Array {
  const starts = [...pieces.starts, pieces.members.length];
  const pieceCount = pieces.starts.length;
  const counts = new Int32Array(pieceCount);
  const bytes = new Float64Array(pieceCount);
  for (let p = 0; p < pieceCount; p++) {
    counts[p] = (starts[p + 1] as number) - (starts[p] as number);
    for (let k = starts[p] as number; k < (starts[p + 1] as number); k++)
      bytes[p] = (bytes[p] as number) + (sizes[pieces.members[k] as number] as number);
  }
  const order = Int32Array.from({ length: pieceCount }, (_, p) => p).sort(
    (a, b) => (counts[b] as number) - (counts[a] as number) || (bytes[b] as number) - (bytes[a] as number) || a - b,
  );
  const usedMailboxes = new Float64Array(waves.length);
  const usedBytes = new Float64Array(waves.length);
  const waveOf = new Int32Array(nodeCount).fill(-1);
  for (const p of order) {
    const wave = waves.findIndex(
      (room, w) =>
        (usedMailboxes[w] as number) + (counts[p] as number) <= room.mailboxes &&
        (usedBytes[w] as number) + (bytes[p] as number) <= room.bytes,
    );
    if (wave < 0) throw new Error(`a piece of ${counts[p]} mailboxes fits in no wave: the waves are too full for this way of planning`);
    usedMailboxes[wave] = (usedMailboxes[wave] as number) + (counts[p] as number);
    usedBytes[wave] = (usedBytes[wave] as number) + (bytes[p] as number);
    for (let k = starts[p] as number; k < (starts[p + 1] as number); k++) waveOf[pieces.members[k] as number] = wave;
  }
  return waveOf;
}

/** Every group of mailboxes linked by permissions, directly or not, each in breadth-first order from its lowest-numbered mailbox. */
export function linkedGroups(graph: LinkGraph): { order: Int32Array; starts: number[] } {
  const n = graph.nodeCount;
  const order = new Int32Array(n);
  const seen = new Uint8Array(n);
  const starts: number[] = [];
  let tail = 0;
  for (let root = 0; root < n; root++) {
    if (seen[root]) continue;
    starts.push(tail);
    order[tail++] = root;
    seen[root] = 1;
    for (let head = starts.at(-1) as number; head < tail; head++) {
      const node = order[head] as number;
      for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
        const next = graph.neighbours[k] as number;
        if (seen[next]) continue;
        seen[next] = 1;
        order[tail++] = next;
      }
    }
  }
  return { order, starts };
}

/**
 * What Microsoft's FastTrack Find-MailboxDelegates script does (every mailbox linked by a
 * permission, directly or not, in one batch), plus the cuts capacity forces: a group larger than
 * a wave is cut into wave-sized pieces in breadth-first order from its lowest-numbered mailbox,
 * then the pieces are packed first-fit decreasing.
 */
export function connectedComponentsPlan(graph: LinkGraph, waves: readonly WaveSpace[]): Int32Array {
  const groups = linkedGroups(graph);
  const pieces: Pieces = { members: new Int32Array(graph.nodeCount), starts: [] };
  const room = smallestRoom(waves);
  let placed = 0;
  groups.starts.forEach((start, g) => {
    placed = addCutToRoom(pieces, groups.order.subarray(start, groups.starts[g + 1] ?? graph.nodeCount), graph.sizes, room, placed);
  });
  return packFirstFitDecreasing(pieces, graph.sizes, waves, graph.nodeCount);
}

/** Whole departments packed first-fit decreasing; a department larger than a wave is cut in mailbox order. */
export function departmentPlan(sizes: Float64Array, departments: Int32Array, waves: readonly WaveSpace[]): Int32Array {
  const n = sizes.length;
  let departmentCount = 0;
  for (const d of departments) departmentCount = Math.max(departmentCount, d + 1);
  const start = new Int32Array(departmentCount + 1);
  for (const d of departments) if (d >= 0) start[d + 1] = (start[d + 1] as number) + 1;
  for (let d = 0; d < departmentCount; d++) start[d + 1] = (start[d + 1] as number) + (start[d] as number);
  const byDepartment = new Int32Array(start[departmentCount] as number);
  const fill = start.slice(0, departmentCount);
  for (let node = 0; node < n; node++) {
    const d = departments[node] as number;
    if (d >= 0) byDepartment[(fill[d] as number)++] = node;
  }
  const pieces: Pieces = { members: new Int32Array(n), starts: [] };
  const room = smallestRoom(waves);
  let placed = 0;
  for (let d = 0; d < departmentCount; d++) {
    placed = addCutToRoom(pieces, byDepartment.subarray(start[d], start[d + 1]), sizes, room, placed);
  }
  for (let node = 0; node < n; node++) {
    if ((departments[node] as number) < 0) placed = addCutToRoom(pieces, Int32Array.of(node), sizes, room, placed);
  }
  return packFirstFitDecreasing(pieces, sizes, waves, n);
}

/** Mailboxes sorted by surname then forename, each wave filled in turn until the next would go over its room. */
export function alphabeticalPlan(
  sizes: Float64Array,
  surnames: Int32Array,
  forenames: Int32Array,
  waves: readonly WaveSpace[],
): Int32Array {
  const n = sizes.length;
  const keys = new Float64Array(n);
  for (let node = 0; node < n; node++) keys[node] = ((surnames[node] as number) * 65_536 + (forenames[node] as number)) * n + node;
  keys.sort();
  const waveOf = new Int32Array(n).fill(-1);
  let wave = 0;
  let count = 0;
  let bytes = 0;
  for (const key of keys) {
    const node = key % n;
    const size = sizes[node] as number;
    while (wave < waves.length && (count + 1 > (waves[wave] as WaveSpace).mailboxes || bytes + size > (waves[wave] as WaveSpace).bytes)) {
      wave += 1;
      count = 0;
      bytes = 0;
    }
    if (wave === waves.length) throw new Error('the waves ran out before the end of the alphabet');
    waveOf[node] = wave;
    count += 1;
    bytes += size;
  }
  return waveOf;
}
