import type { LinkGraph } from './link-graph.js';

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

/** Assigns every node a wave within room, breaking as little link weight as it can. Deterministic. */
export function partitionWaves(_input: PartitionInput): PartitionResult {
  throw new Error('not built yet: see docs/adr/0018');
}
