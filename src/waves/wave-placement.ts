import type { LinkGraph } from './link-graph.js';
import type { WaveSpace } from './partition-waves.js';

/** A node's standing while a plan is worked out. */
export const FREE = 0;
/** Pinned, or kept in the wave it is in now: never moved again. */
export const FIXED = 1;
/** No wave can take it (pinned where there is no room, or bigger than every wave). */
export const UNPLACEABLE = 2;

/** The plan being worked out: each node's wave (-1 while it has none) and each wave's room left. */
export interface WavePlacement {
  graph: LinkGraph;
  /** Mailboxes each node stands for: 1, or more for a node that merges several (multilevel). */
  mailboxes: Float64Array;
  waveCount: number;
  waveOf: Int32Array;
  standing: Uint8Array;
  roomCount: Float64Array;
  roomBytes: Float64Array;
}

export function emptyPlacement(
  graph: LinkGraph,
  waves: readonly WaveSpace[],
  mailboxes = new Float64Array(graph.nodeCount).fill(1),
): WavePlacement {
  return {
    graph,
    mailboxes,
    waveCount: waves.length,
    waveOf: new Int32Array(graph.nodeCount).fill(-1),
    standing: new Uint8Array(graph.nodeCount),
    roomCount: Float64Array.from(waves, (wave) => wave.mailboxes),
    roomBytes: Float64Array.from(waves, (wave) => wave.bytes),
  };
}

export function fits(placement: WavePlacement, node: number, wave: number): boolean {
  return (
    (placement.roomCount[wave] as number) >= (placement.mailboxes[node] as number) &&
    (placement.roomBytes[wave] as number) >= (placement.graph.sizes[node] as number)
  );
}

export function assign(placement: WavePlacement, node: number, wave: number): void {
  placement.waveOf[node] = wave;
  placement.roomCount[wave] = (placement.roomCount[wave] as number) - (placement.mailboxes[node] as number);
  placement.roomBytes[wave] = (placement.roomBytes[wave] as number) - (placement.graph.sizes[node] as number);
}

export function unassign(placement: WavePlacement, node: number): void {
  const wave = placement.waveOf[node] as number;
  placement.waveOf[node] = -1;
  placement.roomCount[wave] = (placement.roomCount[wave] as number) + (placement.mailboxes[node] as number);
  placement.roomBytes[wave] = (placement.roomBytes[wave] as number) + (placement.graph.sizes[node] as number);
}

/**
 * Adds up a node's link weight to each wave into `weightTo`, listing the waves it touched in
 * `touched` (returned count); the caller resets those entries of `weightTo` to 0 after use.
 */
export function linkWeightByWave(placement: WavePlacement, node: number, weightTo: Float64Array, touched: Int32Array): number {
  const { offsets, neighbours, weights } = placement.graph;
  let touchedCount = 0;
  for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
    const wave = placement.waveOf[neighbours[k] as number] as number;
    if (wave < 0) continue;
    if (weightTo[wave] === 0) touched[touchedCount++] = wave;
    weightTo[wave] = (weightTo[wave] as number) + (weights[k] as number);
  }
  return touchedCount;
}
