import { WaveGrower } from './grow-waves.js';
import { brokenLinkWeight, buildLinkGraph, type LinkGraph } from './link-graph.js';
import { refineWaves } from './refine-waves.js';
import { assign, type WavePlacement } from './wave-placement.js';

/** Coarsening stops at about this many nodes per wave (and never below COARSEST_MIN). */
const COARSEST_PER_WAVE = 30;
const COARSEST_MIN = 200;
/** A merged node holds at most this share of an average wave's room. */
const MERGED_SHARE_OF_WAVE = 1 / 8;
/** A cluster holds at most this many times the level's average node, so merging goes step by step. */
const CLUSTER_GROWTH = 8;
/** Refinement passes at each level on the way back (the finest level is refined with the whole plan). */
const LEVEL_PASSES = 2;
/** Starts tried on the coarsest graph when it has this many links or fewer (dense ones are slow to refine). */
const SMALL_COARSEST_LINKS = 50_000;
const STARTS_TRIED = 4;

interface Level {
  graph: LinkGraph;
  mailboxes: Float64Array;
  /** Each node's node in the next coarser level. */
  coarseOf: Int32Array;
}

/**
 * Splits a connected group too big for any wave by multilevel partitioning: merge each node into
 * the cluster of the neighbour it is most linked to, level by level, until the graph is small;
 * split the small graph by greedy graph growing and refinement from several starts; then undo the
 * merges level by level, refining at each. The finest level is refined with the whole plan after.
 */
export class MultilevelSplitter {
  private localOf: Int32Array | undefined;

  constructor(private readonly placement: WavePlacement) {}

  split(order: Int32Array, from: number, to: number): void {
    const levels: Level[] = [];
    let { graph, mailboxes } = this.groupGraph(order, from, to);
    const target = Math.max(COARSEST_MIN, COARSEST_PER_WAVE * this.placement.waveCount);
    const mailboxCap = averageFinite(this.placement.roomCount) * MERGED_SHARE_OF_WAVE;
    const byteCap = averageFinite(this.placement.roomBytes) * MERGED_SHARE_OF_WAVE;
    while (graph.nodeCount > target) {
      const { coarseOf, coarseCount } = clusterByHeaviestLink(graph, mailboxes, mailboxCap, byteCap);
      if (coarseCount > 0.9 * graph.nodeCount) break;
      levels.push({ graph, mailboxes, coarseOf });
      ({ graph, mailboxes } = contract(graph, mailboxes, coarseOf, coarseCount));
    }
    let waveOf = this.bestStart(graph, mailboxes);
    for (let level = levels.length - 1; level >= 0; level--) {
      const finer = levels[level] as Level;
      const projected = new Int32Array(finer.graph.nodeCount);
      for (let node = 0; node < projected.length; node++) projected[node] = waveOf[finer.coarseOf[node] as number] as number;
      waveOf = projected;
      if (level === 0) break;
      const plan = this.groupPlacement(finer.graph, finer.mailboxes, waveOf);
      refineWaves(plan, LEVEL_PASSES);
      waveOf = plan.waveOf;
    }
    for (let i = 0; i < waveOf.length; i++)
      if ((waveOf[i] as number) >= 0) assign(this.placement, order[from + i] as number, waveOf[i] as number);
  }

  /** Greedy graph growing from several starts, each refined, keeping the plan that places most and breaks least. */
  private bestStart(graph: LinkGraph, mailboxes: Float64Array): Int32Array {
    const order = breadthFirstOrder(graph);
    const starts = graph.neighbours.length / 2 <= SMALL_COARSEST_LINKS ? STARTS_TRIED : 1;
    let totalWeight = 0;
    for (const weight of graph.weights) totalWeight += weight;
    let best: Int32Array = new Int32Array(0);
    let bestScore = Number.POSITIVE_INFINITY;
    for (let start = 0; start < starts; start++) {
      const plan = this.groupPlacement(graph, mailboxes, new Int32Array(graph.nodeCount).fill(-1));
      new WaveGrower(plan, start / starts).split(order.slice(), 0, graph.nodeCount);
      refineWaves(plan);
      let unplaced = 0;
      for (const wave of plan.waveOf) if (wave < 0) unplaced++;
      const score = unplaced * (totalWeight + 1) + brokenLinkWeight(graph, plan.waveOf);
      if (score < bestScore) {
        bestScore = score;
        best = plan.waveOf;
      }
    }
    return best;
  }

  /** A placement of the group's nodes with the room the waves have before it. */
  private groupPlacement(graph: LinkGraph, mailboxes: Float64Array, waveOf: Int32Array): WavePlacement {
    const plan: WavePlacement = {
      graph,
      mailboxes,
      waveCount: this.placement.waveCount,
      waveOf: new Int32Array(graph.nodeCount).fill(-1),
      standing: new Uint8Array(graph.nodeCount),
      roomCount: this.placement.roomCount.slice(),
      roomBytes: this.placement.roomBytes.slice(),
    };
    for (let node = 0; node < graph.nodeCount; node++) if ((waveOf[node] as number) >= 0) assign(plan, node, waveOf[node] as number);
    return plan;
  }

  /** The group's nodes as a graph of their own, node i being order[from + i]. */
  private groupGraph(order: Int32Array, from: number, to: number): { graph: LinkGraph; mailboxes: Float64Array } {
    const { graph: whole, mailboxes: wholeMailboxes } = this.placement;
    this.localOf ??= new Int32Array(whole.nodeCount).fill(-1);
    const localOf = this.localOf;
    const nodeCount = to - from;
    for (let i = 0; i < nodeCount; i++) localOf[order[from + i] as number] = i;
    const offsets = new Int32Array(nodeCount + 1);
    for (let i = 0; i < nodeCount; i++) {
      const node = order[from + i] as number;
      let degree = 0;
      for (let k = whole.offsets[node] as number; k < (whole.offsets[node + 1] as number); k++)
        if ((localOf[whole.neighbours[k] as number] as number) >= 0) degree++;
      offsets[i + 1] = (offsets[i] as number) + degree;
    }
    const neighbours = new Int32Array(offsets[nodeCount] as number);
    const weights = new Float64Array(offsets[nodeCount] as number);
    const sizes = new Float64Array(nodeCount);
    const mailboxes = new Float64Array(nodeCount);
    for (let i = 0; i < nodeCount; i++) {
      const node = order[from + i] as number;
      sizes[i] = whole.sizes[node] as number;
      mailboxes[i] = wholeMailboxes[node] as number;
      let at = offsets[i] as number;
      for (let k = whole.offsets[node] as number; k < (whole.offsets[node + 1] as number); k++) {
        const local = localOf[whole.neighbours[k] as number] as number;
        if (local < 0) continue;
        neighbours[at] = local;
        weights[at++] = whole.weights[k] as number;
      }
    }
    for (let i = 0; i < nodeCount; i++) localOf[order[from + i] as number] = -1;
    const departments = new Int32Array(nodeCount).fill(-1);
    return { graph: { nodeCount, sizes, departments, offsets, neighbours, weights }, mailboxes };
  }
}

function averageFinite(values: Float64Array): number {
  let total = 0;
  let count = 0;
  for (const value of values) {
    if (!Number.isFinite(value) || value <= 0) continue;
    total += value;
    count++;
  }
  return count === 0 ? Number.POSITIVE_INFINITY : total / count;
}

/**
 * Merges nodes into clusters: in node order, a node not yet in a cluster joins the cluster of the
 * neighbour it has the heaviest link to (per mailbox of that cluster, so small clusters win ties),
 * within the caps. Pairwise matching stalls on shared mailboxes (a mailbox with dozens of members
 * pairs with one of them per level); clusters do not.
 */
function clusterByHeaviestLink(
  graph: LinkGraph,
  mailboxes: Float64Array,
  mailboxCap: number,
  byteCap: number,
): { coarseOf: Int32Array; coarseCount: number } {
  const { nodeCount, offsets, neighbours, weights, sizes } = graph;
  const coarseOf = new Int32Array(nodeCount).fill(-1);
  const clusterMailboxes = new Float64Array(nodeCount);
  const clusterBytes = new Float64Array(nodeCount);
  let totalMailboxes = 0;
  for (const count of mailboxes) totalMailboxes += count;
  const levelCap = Math.min(mailboxCap, CLUSTER_GROWTH * (totalMailboxes / nodeCount));
  let coarseCount = 0;
  for (let node = 0; node < nodeCount; node++) {
    if ((coarseOf[node] as number) >= 0) continue;
    let partner = -1;
    let heaviest = 0;
    for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
      const neighbour = neighbours[k] as number;
      const cluster = coarseOf[neighbour] as number;
      const theirMailboxes = cluster >= 0 ? (clusterMailboxes[cluster] as number) : (mailboxes[neighbour] as number);
      const rating = (weights[k] as number) / theirMailboxes;
      if (neighbour === node || rating < heaviest || (rating === heaviest && partner >= 0 && neighbour > partner)) continue;
      const joinedBytes = (sizes[node] as number) + (cluster >= 0 ? (clusterBytes[cluster] as number) : (sizes[neighbour] as number));
      if ((mailboxes[node] as number) + theirMailboxes > levelCap || joinedBytes > byteCap) continue;
      partner = neighbour;
      heaviest = rating;
    }
    let cluster = partner >= 0 ? (coarseOf[partner] as number) : -1;
    if (cluster < 0) {
      cluster = coarseCount++;
      if (partner >= 0) {
        coarseOf[partner] = cluster;
        clusterMailboxes[cluster] = mailboxes[partner] as number;
        clusterBytes[cluster] = sizes[partner] as number;
      }
    }
    coarseOf[node] = cluster;
    clusterMailboxes[cluster] = (clusterMailboxes[cluster] as number) + (mailboxes[node] as number);
    clusterBytes[cluster] = (clusterBytes[cluster] as number) + (sizes[node] as number);
  }
  return { coarseOf, coarseCount };
}

/** The coarser graph: merged nodes add up their mailboxes, bytes and links. */
function contract(
  graph: LinkGraph,
  mailboxes: Float64Array,
  coarseOf: Int32Array,
  coarseCount: number,
): { graph: LinkGraph; mailboxes: Float64Array } {
  const coarseSizes = new Float64Array(coarseCount);
  const coarseMailboxes = new Float64Array(coarseCount);
  for (let node = 0; node < graph.nodeCount; node++) {
    const coarse = coarseOf[node] as number;
    coarseSizes[coarse] = (coarseSizes[coarse] as number) + (graph.sizes[node] as number);
    coarseMailboxes[coarse] = (coarseMailboxes[coarse] as number) + (mailboxes[node] as number);
  }
  const linkCount = graph.neighbours.length / 2;
  const from = new Int32Array(linkCount);
  const to = new Int32Array(linkCount);
  const weight = new Float64Array(linkCount);
  let length = 0;
  for (let node = 0; node < graph.nodeCount; node++) {
    for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
      const neighbour = graph.neighbours[k] as number;
      if (neighbour <= node || coarseOf[neighbour] === coarseOf[node]) continue;
      from[length] = coarseOf[node] as number;
      to[length] = coarseOf[neighbour] as number;
      weight[length++] = graph.weights[k] as number;
    }
  }
  const departments = new Int32Array(coarseCount).fill(-1);
  return { graph: buildLinkGraph(coarseCount, coarseSizes, departments, { from, to, weight, length }), mailboxes: coarseMailboxes };
}

function breadthFirstOrder(graph: LinkGraph, first = 0): Int32Array {
  const order = new Int32Array(graph.nodeCount);
  const seen = new Uint8Array(graph.nodeCount);
  let tail = 0;
  for (let next = 0; next <= graph.nodeCount; next++) {
    const root = next === 0 ? first : next - 1;
    if (root >= graph.nodeCount) break;
    if (seen[root]) continue;
    seen[root] = 1;
    order[tail++] = root;
    for (let head = tail - 1; head < tail; head++) {
      const node = order[head] as number;
      for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
        const neighbour = graph.neighbours[k] as number;
        if (seen[neighbour]) continue;
        seen[neighbour] = 1;
        order[tail++] = neighbour;
      }
    }
  }
  return order;
}
