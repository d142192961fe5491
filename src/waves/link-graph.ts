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

/**
 * Sorts each row by neighbour and adds up repeated neighbours. The rows are symmetric, so writing
 * every link into its neighbour's row while walking the nodes in order leaves each row sorted
 * (a counting sort): no comparison sort and no per-row arrays.
 */
function mergeRepeatedLinks(
  nodeCount: number,
  sizes: Float64Array,
  departments: Int32Array,
  start: Int32Array,
  rawNeighbours: Int32Array,
  rawWeights: Float64Array,
): LinkGraph {
  const sortedNeighbours = new Int32Array(rawNeighbours.length);
  const sortedWeights = new Float64Array(rawWeights.length);
  const fill = start.slice(0, nodeCount);
  for (let node = 0; node < nodeCount; node++) {
    for (let k = start[node] as number; k < (start[node + 1] as number); k++) {
      const neighbour = rawNeighbours[k] as number;
      const at = fill[neighbour] as number;
      sortedNeighbours[at] = node;
      sortedWeights[at] = rawWeights[k] as number;
      fill[neighbour] = at + 1;
    }
  }
  const offsets = new Int32Array(nodeCount + 1);
  let out = 0;
  for (let node = 0; node < nodeCount; node++) {
    offsets[node] = out;
    const rowStart = out;
    for (let k = start[node] as number; k < (start[node + 1] as number); k++) {
      const neighbour = sortedNeighbours[k] as number;
      if (out > rowStart && sortedNeighbours[out - 1] === neighbour) {
        sortedWeights[out - 1] = (sortedWeights[out - 1] as number) + (sortedWeights[k] as number);
      } else {
        sortedNeighbours[out] = neighbour;
        sortedWeights[out] = sortedWeights[k] as number;
        out += 1;
      }
    }
  }
  offsets[nodeCount] = out;
  return {
    nodeCount,
    sizes,
    departments,
    offsets,
    neighbours: sortedNeighbours.slice(0, out),
    weights: sortedWeights.slice(0, out),
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
