import { assign, FREE, type WavePlacement } from './wave-placement.js';

/** Places the nodes `order[from .. to)` of a group no wave has room for, in as few pieces as it can. */
export interface SplitsGroups {
  split(order: Int32Array, from: number, to: number): void;
}

/** The free nodes grouped by connected group (links between free nodes only), breadth-first. */
interface FreeGroups {
  order: Int32Array;
  /** Group `g` is `order[start[g] .. start[g + 1])`; groups come in order of their lowest node. */
  start: Int32Array;
  count: number;
}

/**
 * Places each connected group of free nodes whole in one wave where one has room (largest group
 * first; the wave it has most links to, else the earliest), and splits the others.
 */
export function packFreeGroups(placement: WavePlacement, splitter: SplitsGroups): void {
  const groups = freeGroups(placement);
  const mailboxes = new Float64Array(groups.count);
  const bytes = new Float64Array(groups.count);
  for (let group = 0; group < groups.count; group++) {
    for (let i = groups.start[group] as number; i < (groups.start[group + 1] as number); i++) {
      mailboxes[group] = (mailboxes[group] as number) + (placement.mailboxes[groups.order[i] as number] as number);
      bytes[group] = (bytes[group] as number) + (placement.graph.sizes[groups.order[i] as number] as number);
    }
  }
  const weightTo = new Float64Array(placement.waveCount);
  for (const group of largestFirst(placement, groups, mailboxes, bytes)) {
    const from = groups.start[group] as number;
    const to = groups.start[group + 1] as number;
    const wave = wholeGroupWave(placement, groups.order, from, to, mailboxes[group] as number, bytes[group] as number, weightTo);
    if (wave < 0) {
      splitter.split(groups.order, from, to);
      continue;
    }
    for (let i = from; i < to; i++) assign(placement, groups.order[i] as number, wave);
  }
}

function freeGroups(placement: WavePlacement): FreeGroups {
  const { graph, waveOf, standing } = placement;
  const order = new Int32Array(graph.nodeCount);
  const start = new Int32Array(graph.nodeCount + 1);
  const seen = new Uint8Array(graph.nodeCount);
  let count = 0;
  let tail = 0;
  for (let root = 0; root < graph.nodeCount; root++) {
    if (seen[root] || standing[root] !== FREE || (waveOf[root] as number) >= 0) continue;
    start[count++] = tail;
    seen[root] = 1;
    order[tail++] = root;
    for (let head = tail - 1; head < tail; head++) {
      const node = order[head] as number;
      for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
        const neighbour = graph.neighbours[k] as number;
        if (seen[neighbour] || standing[neighbour] !== FREE || (waveOf[neighbour] as number) >= 0) continue;
        seen[neighbour] = 1;
        order[tail++] = neighbour;
      }
    }
  }
  start[count] = tail;
  return { order, start, count };
}

/** Groups by their share of all the room (the larger of mailboxes and bytes), largest first. */
function largestFirst(placement: WavePlacement, groups: FreeGroups, mailboxes: Float64Array, bytes: Float64Array): Int32Array {
  const totalCount = finiteSum(placement.roomCount);
  const totalBytes = finiteSum(placement.roomBytes);
  const share = new Float64Array(groups.count);
  for (let group = 0; group < groups.count; group++) {
    const count = mailboxes[group] as number;
    share[group] = Math.max(totalCount > 0 ? count / totalCount : 0, totalBytes > 0 ? (bytes[group] as number) / totalBytes : 0);
  }
  const ids = new Int32Array(groups.count);
  for (let group = 0; group < groups.count; group++) ids[group] = group;
  return ids.sort((a, b) => (share[b] as number) - (share[a] as number) || a - b);
}

function finiteSum(values: Float64Array): number {
  let total = 0;
  for (const value of values) if (Number.isFinite(value)) total += value;
  return total;
}

/** The wave with room for the whole group that it has most links to; the earliest on a tie; -1 if none. */
function wholeGroupWave(
  placement: WavePlacement,
  order: Int32Array,
  from: number,
  to: number,
  mailboxes: number,
  bytes: number,
  weightTo: Float64Array,
): number {
  const { graph, waveOf } = placement;
  weightTo.fill(0);
  for (let i = from; i < to; i++) {
    const node = order[i] as number;
    for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
      const wave = waveOf[graph.neighbours[k] as number] as number;
      if (wave >= 0) weightTo[wave] = (weightTo[wave] as number) + (graph.weights[k] as number);
    }
  }
  let best = -1;
  for (let wave = 0; wave < placement.waveCount; wave++) {
    if ((placement.roomCount[wave] as number) < mailboxes || (placement.roomBytes[wave] as number) < bytes) continue;
    if (best < 0 || (weightTo[wave] as number) > (weightTo[best] as number)) best = wave;
  }
  return best;
}
