/**
 * The wave benchmark's planning input saved as raw typed arrays, so that each method runs in a
 * process of its own with the input and nothing the generator left behind.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WaveSpace } from '../src/waves/partition-waves.js';
import type { HeldLinks } from './drop-broad-holders.js';
import type { WavesOrganisation } from './waves-organisation.js';

export interface PlanningInput {
  nodeCount: number;
  sizes: Float64Array;
  departments: Int32Array;
  surnames: Int32Array;
  forenames: Int32Array;
  links: { from: Int32Array; to: Int32Array; weight: Uint8Array; length: number };
  waves: WaveSpace[];
}

const ARRAYS = ['sizes', 'departments', 'surnames', 'forenames', 'from', 'to', 'weight'] as const;

export function writePlanningInput(dir: string, organisation: WavesOrganisation, links: HeldLinks, waves: readonly WaveSpace[]): void {
  mkdirSync(dir, { recursive: true });
  const arrays = { ...organisation, from: links.from, to: links.to, weight: links.weight };
  for (const name of ARRAYS) {
    const array = arrays[name];
    writeFileSync(join(dir, `${name}.bin`), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ nodeCount: organisation.nodeCount, linkCount: links.length, waves }));
}

/** A copy of the file's bytes in a buffer of its own, so that the typed array is aligned. */
function bytesOf(dir: string, name: string): ArrayBuffer {
  const file = readFileSync(join(dir, `${name}.bin`));
  return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
}

export function readPlanningInput(dir: string): PlanningInput {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { nodeCount: number; linkCount: number; waves: WaveSpace[] };
  return {
    nodeCount: meta.nodeCount,
    sizes: new Float64Array(bytesOf(dir, 'sizes')),
    departments: new Int32Array(bytesOf(dir, 'departments')),
    surnames: new Int32Array(bytesOf(dir, 'surnames')),
    forenames: new Int32Array(bytesOf(dir, 'forenames')),
    links: {
      from: new Int32Array(bytesOf(dir, 'from')),
      to: new Int32Array(bytesOf(dir, 'to')),
      weight: new Uint8Array(bytesOf(dir, 'weight')),
      length: meta.linkCount,
    },
    waves: meta.waves,
  };
}
