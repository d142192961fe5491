/**
 * One method of the wave benchmark on the saved planning input, in a process of its own, on the
 * built code: the plan, its time, the checks that it placed every mailbox within room, and what
 * it broke.
 */
import type { LinkGraph } from '../src/waves/link-graph.js';
import type { WaveSpace } from '../src/waves/partition-waves.js';
import { alphabeticalPlan, connectedComponentsPlan, departmentPlan, linkedGroups } from './waves-baselines.js';
import { readPlanningInput } from './waves-files.js';

const GB = 1024 ** 3;

export const METHODS = {
  planner: 'our planner (partitionWaves)',
  plannerByDepartment: 'our planner, keeping departments together',
  components: 'linked groups cut to fit, first-fit decreasing',
  departments: 'whole departments, first-fit decreasing',
  alphabetical: 'alphabetical by surname',
} as const;
export type Method = keyof typeof METHODS;

export interface Measured {
  method: Method;
  status: 'ok' | 'not built' | 'failed';
  message?: string;
  seconds?: number;
  graphSeconds?: number;
  broken?: number;
  totalWeight?: number;
  wavesUsed?: number;
  fullestMailboxes?: number;
  fullestBytes?: number;
  departmentsSplit?: number;
  /** Mailboxes in the largest group linked by permissions (the linked-groups method only). */
  largestGroup?: number;
  loadRssMb?: number;
  peakRssMb?: number;
}

/** Throws unless every mailbox is in a wave and no wave goes over its room; returns what each wave holds. */
function checkWithinRoom(
  sizes: Float64Array,
  waves: readonly WaveSpace[],
  waveOf: Int32Array,
): { mailboxes: Float64Array; bytes: Float64Array } {
  const mailboxes = new Float64Array(waves.length);
  const bytes = new Float64Array(waves.length);
  for (let node = 0; node < sizes.length; node++) {
    const wave = waveOf[node] as number;
    if (!(wave >= 0 && wave < waves.length)) throw new Error(`mailbox ${node} is in no wave (${wave})`);
    mailboxes[wave] = (mailboxes[wave] as number) + 1;
    bytes[wave] = (bytes[wave] as number) + (sizes[node] as number);
  }
  waves.forEach((room, w) => {
    if ((mailboxes[w] as number) > room.mailboxes || (bytes[w] as number) > room.bytes) {
      throw new Error(`wave ${w} holds ${mailboxes[w]} mailboxes and ${((bytes[w] as number) / GB).toFixed(0)} GB, over its room`);
    }
  });
  return { mailboxes, bytes };
}

function departmentsSplit(departments: Int32Array, waveOf: Int32Array): number {
  const firstWave = new Map<number, number>();
  const split = new Set<number>();
  departments.forEach((d, node) => {
    if (d < 0) return;
    const wave = firstWave.get(d);
    if (wave === undefined) firstWave.set(d, waveOf[node] as number);
    else if (wave !== waveOf[node]) split.add(d);
  });
  return split.size;
}

function largestOf(starts: number[], end: number): number {
  return starts.reduce((largest, start, g) => Math.max(largest, (starts[g + 1] ?? end) - start), 0);
}

function totalLinkWeight(graph: LinkGraph): number {
  let total = 0;
  for (const w of graph.weights) total += w;
  return total / 2;
}

/** In a child process: one method on the saved planning input, as the built code runs it. */
export async function measureInThisProcess(dir: string, method: Method): Promise<Measured> {
  const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
  const { buildLinkGraph, brokenLinkWeight } = (await built('waves/link-graph.js')) as typeof import('../src/waves/link-graph.js');
  const { partitionWaves } = (await built('waves/partition-waves.js')) as typeof import('../src/waves/partition-waves.js');
  const input = readPlanningInput(dir);
  const loadRssMb = process.memoryUsage().rss / 1024 ** 2;
  const { nodeCount, sizes, departments, waves } = input;
  const buildGraph = () => buildLinkGraph(nodeCount, sizes, departments, input.links);
  const started = performance.now();
  let graph: LinkGraph | undefined;
  let graphSeconds: number | undefined;
  let waveOf: Int32Array;
  let seconds: number;
  let held: ReturnType<typeof checkWithinRoom>;
  try {
    if (method === 'planner' || method === 'plannerByDepartment' || method === 'components') {
      graph = buildGraph();
      graphSeconds = (performance.now() - started) / 1000;
    }
    if (method === 'components') waveOf = connectedComponentsPlan(graph as LinkGraph, waves);
    else if (method === 'departments') waveOf = departmentPlan(sizes, departments, waves);
    else if (method === 'alphabetical') waveOf = alphabeticalPlan(sizes, input.surnames, input.forenames, waves);
    else {
      const pins = new Int32Array(nodeCount).fill(-1);
      const result = partitionWaves({
        graph: graph as LinkGraph,
        waves,
        pins,
        current: pins,
        keepDepartments: method === 'plannerByDepartment',
      });
      if (!result.ok) throw new Error(`${result.unplaced.length} mailboxes were left unplaced`);
      waveOf = result.waveOf;
    }
    seconds = (performance.now() - started) / 1000;
    held = checkWithinRoom(sizes, waves, waveOf);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { method, status: method.startsWith('planner') && message.startsWith('not built') ? 'not built' : 'failed', message };
  }
  graph ??= buildGraph();
  return {
    method,
    status: 'ok',
    seconds,
    ...(graphSeconds === undefined ? {} : { graphSeconds }),
    broken: brokenLinkWeight(graph, waveOf),
    totalWeight: totalLinkWeight(graph),
    wavesUsed: held.mailboxes.filter((m) => m > 0).length,
    fullestMailboxes: Math.max(...held.mailboxes),
    fullestBytes: Math.max(...held.bytes),
    departmentsSplit: departmentsSplit(departments, waveOf),
    ...(method === 'components' ? { largestGroup: largestOf(linkedGroups(graph).starts, nodeCount) } : {}),
    loadRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
