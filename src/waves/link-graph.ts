/**
 * The mailboxes a wave plan places, and the permission links between them, in compressed rows:
 * node `i`'s links are `neighbours[offsets[i] .. offsets[i + 1])`, each with the weight at the
 * same place. Every link is stored from both ends. Typed arrays keep 1.5 million mailboxes and
 * millions of links in a few hundred megabytes.
 */
export interface LinkGraph {
  nodeCount: number;
  /** Each mailbox's size in bytes (0 when unknown). */
  sizes: Float64Array;
  /** Each mailbox's department as an index, or -1 when it has none. */
  departments: Int32Array;
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float64Array;
}

/** Links as three parallel lists; a pair may appear several times, in either order. */
export interface LinkList {
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  weight: ArrayLike<number>;
  length: number;
}

/**
 * Builds the graph, adding up the weights of a pair's links (both directions, every right) into
 * one link, and dropping links of a mailbox to itself.
 */
export function buildLinkGraph(nodeCount: number, sizes: Float64Array, departments: Int32Array, links: LinkList): LinkGraph {
  const degree = new Int32Array(nodeCount + 1);
  for (let i = 0; i < links.length; i++) {
    const a = links.from[i] as number;
    const b = links.to[i] as number;
    if (a === b) continue;
    degree[a] = (degree[a] as number) + 1;
    degree[b] = (degree[b] as number) + 1;
  }
  const start = new Int32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) start[i + 1] = (start[i] as number) + (degree[i] as number);
  const fill = start.slice(0, nodeCount);
  const rawNeighbours = new Int32Array(start[nodeCount] as number);
  const rawWeights = new Float64Array(start[nodeCount] as number);
  for (let i = 0; i < links.length; i++) {
    const a = links.from[i] as number;
    const b = links.to[i] as number;
    if (a === b) continue;
    const w = links.weight[i] as number;
    const at = fill[a] as number;
    rawNeighbours[at] = b;
    rawWeights[at] = w;
    fill[a] = at + 1;
    const bt = fill[b] as number;
    rawNeighbours[bt] = a;
    rawWeights[bt] = w;
    fill[b] = bt + 1;
  }
  return mergeRepeatedLinks(nodeCount, sizes, departments, start, rawNeighbours, rawWeights);
}

/** Sorts each row by neighbour and adds up repeated neighbours, in place, then compacts. */
function mergeRepeatedLinks(
  nodeCount: number,
  sizes: Float64Array,
  departments: Int32Array,
  start: Int32Array,
  rawNeighbours: Int32Array,
  rawWeights: Float64Array,
): LinkGraph {
  const offsets = new Int32Array(nodeCount + 1);
  let out = 0;
  const order: number[] = [];
  for (let node = 0; node < nodeCount; node++) {
    const from = start[node] as number;
    const to = start[node + 1] as number;
    offsets[node] = out;
    order.length = 0;
    for (let k = from; k < to; k++) order.push(k);
    order.sort((x, y) => (rawNeighbours[x] as number) - (rawNeighbours[y] as number));
    let previous = -1;
    let pending = 0;
    const row: [number, number][] = [];
    for (const k of order) {
      const neighbour = rawNeighbours[k] as number;
      if (neighbour !== previous && previous !== -1) row.push([previous, pending]), (pending = 0);
      previous = neighbour;
      pending += rawWeights[k] as number;
    }
    if (previous !== -1) row.push([previous, pending]);
    for (const [neighbour, weight] of row) {
      rawNeighbours[out] = neighbour;
      rawWeights[out] = weight;
      out += 1;
    }
  }
  offsets[nodeCount] = out;
  return {
    nodeCount,
    sizes,
    departments,
    offsets,
    neighbours: rawNeighbours.slice(0, out),
    weights: rawWeights.slice(0, out),
  };
}

/** The total weight of the links whose two ends are in different waves (each link counted once). */
export function brokenLinkWeight(graph: LinkGraph, waveOf: Int32Array): number {
  let total = 0;
  for (let node = 0; node < graph.nodeCount; node++) {
    const wave = waveOf[node] as number;
    for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
      const neighbour = graph.neighbours[k] as number;
      if (neighbour > node && waveOf[neighbour] !== wave) total += graph.weights[k] as number;
    }
  }
  return total;
}
