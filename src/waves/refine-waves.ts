import { GainHeap } from './gain-heap.js';
import { assign, FREE, linkWeightByWave, unassign, type WavePlacement } from './wave-placement.js';

const MAX_PASSES = 4;
/** Up to this many nodes times waves, each node's link weight to each wave is kept in a table. */
const TABLE_LIMIT = 4_000_000;
/** A pass stops after this many moves without a better plan within room. */
const MOVES_WITHOUT_GAIN = 2000;

/**
 * Improves a full placement by Fiduccia–Mattheyses passes over k waves. Each wave keeps its free
 * nodes in a heap by the weight their best move saves. A pass makes the best move even when it
 * breaks more (each node moves once) and at the end goes back to the best plan it saw within room.
 * A move may take one wave past its room by one node; the next move must then come out of that
 * wave, so full waves trade nodes (a swap is two moves). Passes repeat while they gain.
 */
export function refineWaves(placement: WavePlacement, maxPasses = MAX_PASSES): void {
  const pass = new RefinementPass(placement);
  for (let round = 0; round < maxPasses; round++) if (!pass.run()) return;
}

class RefinementPass {
  private readonly heaps: GainHeap[];
  private readonly key: Float64Array;
  private readonly target: Int32Array;
  private readonly locked: Int32Array;
  private readonly live: Int32Array;
  private readonly weightTo: Float64Array;
  private readonly touched: Int32Array;
  private readonly movedNodes: number[] = [];
  private readonly movedFrom: number[] = [];
  /** Node n's link weight to wave w at n * waveCount + w, for small graphs (coarse levels are dense). */
  private readonly table: Float64Array | undefined;
  private readonly slackBytes: number;
  private readonly tolerance: number;
  private round = 0;
  private overfullWave = -1;
  private roomiest = 0;
  /** The roomiest wave but one: where a node in the roomiest wave with no links can go. */
  private runnerUp = 0;

  constructor(private readonly placement: WavePlacement) {
    const { graph, waveCount } = placement;
    this.heaps = Array.from({ length: waveCount }, () => new GainHeap());
    this.key = new Float64Array(graph.nodeCount);
    this.target = new Int32Array(graph.nodeCount);
    this.locked = new Int32Array(graph.nodeCount);
    this.live = new Int32Array(graph.nodeCount);
    this.weightTo = new Float64Array(waveCount);
    this.touched = new Int32Array(waveCount);
    if (graph.nodeCount * waveCount <= TABLE_LIMIT) this.table = new Float64Array(graph.nodeCount * waveCount);
    let largest = 0;
    for (let node = 0; node < graph.nodeCount; node++) if (this.movable(node)) largest = Math.max(largest, graph.sizes[node] as number);
    this.slackBytes = largest;
    let lightest = Number.POSITIVE_INFINITY;
    for (const weight of graph.weights) if (weight > 0) lightest = Math.min(lightest, weight);
    this.tolerance = Number.isFinite(lightest) ? lightest * 1e-3 : 0;
  }

  /** One pass; true when it left a plan that breaks less. */
  run(): boolean {
    const round = ++this.round;
    for (const heap of this.heaps) heap.clear();
    this.movedNodes.length = 0;
    this.movedFrom.length = 0;
    this.overfullWave = -1;
    this.findRoomiest();
    this.fillTable();
    for (let node = 0; node < this.placement.graph.nodeCount; node++) if (this.movable(node)) this.queue(node);
    let saved = 0;
    let bestSaved = 0;
    let bestAt = 0;
    for (;;) {
      const source = this.overfullWave >= 0 ? this.overfullWave : this.bestSource();
      if (!this.cleanTop(source)) break;
      const heap = this.heaps[source] as GainHeap;
      const gain = heap.topGain();
      const node = heap.pop();
      this.live[node] = 0;
      const gainNow = this.bestMove(node);
      if (Number.isNaN(gainNow)) continue;
      if (gainNow !== gain) {
        this.queue(node);
        continue;
      }
      this.move(node, this.target[node] as number);
      this.locked[node] = round;
      saved += gain;
      if (this.overfullWave < 0 && saved > bestSaved + this.tolerance) {
        bestSaved = saved;
        bestAt = this.movedNodes.length;
      }
      if (this.movedNodes.length - bestAt > MOVES_WITHOUT_GAIN) break;
      this.requeueNeighbours(node);
    }
    this.undoAfter(bestAt);
    return bestAt > 0;
  }

  private movable(node: number): boolean {
    return this.placement.standing[node] === FREE && (this.placement.waveOf[node] as number) >= 0;
  }

  /** The wave whose best queued move saves most, the earliest on a tie; its top is current. */
  private bestSource(): number {
    let best = -1;
    for (let wave = 0; wave < this.heaps.length; wave++) {
      if (!this.cleanTop(wave)) continue;
      if (best < 0 || (this.heaps[wave] as GainHeap).topGain() > (this.heaps[best] as GainHeap).topGain()) best = wave;
    }
    return Math.max(best, 0);
  }

  /** Drops stale entries from the top of a wave's heap; false when it is empty. */
  private cleanTop(wave: number): boolean {
    const heap = this.heaps[wave] as GainHeap;
    while (heap.size > 0) {
      const node = heap.topNode();
      const stale =
        this.locked[node] === this.round ||
        this.live[node] !== this.round ||
        this.key[node] !== heap.topGain() ||
        this.placement.waveOf[node] !== wave;
      if (!stale) return true;
      heap.pop();
    }
    return false;
  }

  private requeueNeighbours(node: number): void {
    const { offsets, neighbours } = this.placement.graph;
    for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
      const neighbour = neighbours[k] as number;
      if (this.locked[neighbour] !== this.round && this.movable(neighbour)) this.queue(neighbour);
    }
  }

  /** Queues the node's best allowed move unless it is queued already with that gain. */
  private queue(node: number): void {
    const gain = this.bestMove(node);
    if (Number.isNaN(gain) || (this.key[node] === gain && this.live[node] === this.round)) return;
    this.key[node] = gain;
    this.live[node] = this.round;
    (this.heaps[this.placement.waveOf[node] as number] as GainHeap).push(gain, node);
  }

  /**
   * The weight the node's best allowed move saves (to a wave it has links to, or the roomiest
   * other wave, so that a node with no links can make way in a full wave), with the wave in
   * `target`; NaN when no move is allowed.
   */
  private bestMove(node: number): number {
    const { placement, weightTo, touched } = this;
    const own = placement.waveOf[node] as number;
    const touchedCount = this.linkWeights(node);
    let best = -1;
    for (let i = 0; i <= touchedCount; i++) {
      const wave = i < touchedCount ? (touched[i] as number) : this.roomiest === own ? this.runnerUp : this.roomiest;
      if (wave === own || !this.allowedInto(node, wave)) continue;
      if (best < 0 || (weightTo[wave] as number) > (weightTo[best] as number) || (weightTo[wave] === weightTo[best] && wave < best))
        best = wave;
    }
    const gain = best < 0 ? Number.NaN : (weightTo[best] as number) - (weightTo[own] as number);
    for (let i = 0; i < touchedCount; i++) weightTo[touched[i] as number] = 0;
    this.target[node] = best;
    return gain;
  }

  /** Within room, or, while no wave is past its room, past it by one node. */
  private allowedInto(node: number, wave: number): boolean {
    const { roomCount, roomBytes, graph } = this.placement;
    const bytesLeft = (roomBytes[wave] as number) - (graph.sizes[node] as number);
    if (this.overfullWave >= 0) return (roomCount[wave] as number) >= (this.placement.mailboxes[node] as number) && bytesLeft >= 0;
    return bytesLeft >= -this.slackBytes;
  }

  private move(node: number, wave: number): void {
    const from = this.placement.waveOf[node] as number;
    this.movedNodes.push(node);
    this.movedFrom.push(from);
    unassign(this.placement, node);
    assign(this.placement, node, wave);
    this.updateTable(node, from, wave);
    if (this.isOverfull(wave)) this.overfullWave = wave;
    else if (!this.isOverfull(from)) this.overfullWave = -1;
    this.findRoomiest();
  }

  private fillTable(): void {
    const { table, placement } = this;
    if (!table) return;
    table.fill(0);
    const { offsets, neighbours, weights, nodeCount } = placement.graph;
    for (let node = 0; node < nodeCount; node++) {
      const row = node * placement.waveCount;
      for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
        const wave = placement.waveOf[neighbours[k] as number] as number;
        if (wave >= 0) table[row + wave] = (table[row + wave] as number) + (weights[k] as number);
      }
    }
  }

  private updateTable(node: number, from: number, to: number): void {
    const { table, placement } = this;
    if (!table) return;
    const { offsets, neighbours, weights } = placement.graph;
    for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
      const row = (neighbours[k] as number) * placement.waveCount;
      table[row + from] = (table[row + from] as number) - (weights[k] as number);
      table[row + to] = (table[row + to] as number) + (weights[k] as number);
    }
  }

  /** The node's link weight to each wave into weightTo, the waves in touched; returns how many. */
  private linkWeights(node: number): number {
    const { table, placement, weightTo, touched } = this;
    if (!table) return linkWeightByWave(placement, node, weightTo, touched);
    let touchedCount = 0;
    const row = node * placement.waveCount;
    for (let wave = 0; wave < placement.waveCount; wave++) {
      const weight = table[row + wave] as number;
      if (weight === 0) continue;
      weightTo[wave] = weight;
      touched[touchedCount++] = wave;
    }
    return touchedCount;
  }

  private isOverfull(wave: number): boolean {
    return (this.placement.roomCount[wave] as number) < 0 || (this.placement.roomBytes[wave] as number) < 0;
  }

  private findRoomiest(): void {
    const { roomCount } = this.placement;
    let best = 0;
    let second = -1;
    for (let wave = 1; wave < this.placement.waveCount; wave++) {
      if ((roomCount[wave] as number) > (roomCount[best] as number)) {
        second = best;
        best = wave;
      } else if (second < 0 || (roomCount[wave] as number) > (roomCount[second] as number)) second = wave;
    }
    this.roomiest = best;
    this.runnerUp = second < 0 ? best : second;
  }

  private undoAfter(bestAt: number): void {
    for (let i = this.movedNodes.length - 1; i >= bestAt; i--) {
      unassign(this.placement, this.movedNodes[i] as number);
      assign(this.placement, this.movedNodes[i] as number, this.movedFrom[i] as number);
    }
    this.overfullWave = -1;
  }
}
