import { withDepartmentLinks } from './department-links.js';
import { keepCurrentWhereRoom, placePins } from './keep-current.js';
import type { LinkGraph } from './link-graph.js';
import { MultilevelSplitter } from './multilevel-split.js';
import { packFreeGroups } from './pack-components.js';
import { refineWaves } from './refine-waves.js';
import { assign, emptyPlacement, FREE, fits, linkWeightByWave, UNPLACEABLE, type WavePlacement } from './wave-placement.js';

/** What one wave still has room for in this plan: what it can move less what is fixed in it already. */
export interface WaveSpace {
  /** Mailboxes (people and shared mailboxes, one each); Infinity when unlimited. */
  mailboxes: number;
  /** Bytes; Infinity when unlimited. */
  bytes: number;
}

export interface PartitionInput {
  graph: LinkGraph;
  /** The waves the plan may use, earliest first. */
  waves: readonly WaveSpace[];
  /** Per node: the wave index it must be in (a pin), or -1. */
  pins: Int32Array;
  /** Per node: the wave index it is in now (a plan saved earlier), or -1. Kept where room allows. */
  current: Int32Array;
  /** Prefer whole departments in one wave. */
  keepDepartments: boolean;
}

export type PartitionResult =
  | { ok: true; waveOf: Int32Array }
  | {
      ok: false;
      /** Nodes no wave had room for. */
      unplaced: Int32Array;
    };

/**
 * Assigns every node a wave within room, breaking as little link weight as it can. Deterministic.
 * Pins first, then the saved plan where it still fits, then the free nodes: connected groups whole
 * where they fit, the rest split by multilevel partitioning, then refined by k-way FM passes (ADR 0018).
 */
export function partitionWaves(input: PartitionInput): PartitionResult {
  const graph = input.keepDepartments ? withDepartmentLinks(input.graph) : input.graph;
  const placement = emptyPlacement(graph, input.waves);
  placePins(placement, input.pins);
  keepCurrentWhereRoom(placement, input.current, input.pins);
  markTooBigForAnyWave(placement);
  packFreeGroups(placement, new MultilevelSplitter(placement));
  placeLeftovers(placement);
  refineWaves(placement);
  const unplaced: number[] = [];
  for (let node = 0; node < graph.nodeCount; node++) if ((placement.waveOf[node] as number) < 0) unplaced.push(node);
  if (unplaced.length > 0) return { ok: false, unplaced: Int32Array.from(unplaced) };
  return { ok: true, waveOf: placement.waveOf };
}

function markTooBigForAnyWave(placement: WavePlacement): void {
  const mostBytes = Math.max(...placement.roomBytes);
  for (let node = 0; node < placement.graph.nodeCount; node++) {
    if (
      placement.standing[node] === FREE &&
      (placement.waveOf[node] as number) < 0 &&
      (placement.graph.sizes[node] as number) > mostBytes
    ) {
      placement.standing[node] = UNPLACEABLE;
    }
  }
}

/** Free nodes that growing left out go where they have most links among waves with room, else the earliest. */
function placeLeftovers(placement: WavePlacement): void {
  const weightTo = new Float64Array(placement.waveCount);
  const touched = new Int32Array(placement.waveCount);
  for (let node = 0; node < placement.graph.nodeCount; node++) {
    if (placement.standing[node] !== FREE || (placement.waveOf[node] as number) >= 0) continue;
    const touchedCount = linkWeightByWave(placement, node, weightTo, touched);
    let best = -1;
    for (let wave = 0; wave < placement.waveCount; wave++) {
      if (fits(placement, node, wave) && (best < 0 || (weightTo[wave] as number) > (weightTo[best] as number))) best = wave;
    }
    for (let i = 0; i < touchedCount; i++) weightTo[touched[i] as number] = 0;
    if (best >= 0) assign(placement, node, best);
  }
}
