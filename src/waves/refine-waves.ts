import { GainHeap } from './gain-heap.js';
import { assign, FREE, linkWeightByWave, unassign, type WavePlacement } from './wave-placement.js';

const MAX_PASSES = 8;
/** A pass stops after this many moves without a better plan within room. */
const MOVES_WITHOUT_GAIN = 2000;

/**
 * Improves a full placement by Fiduccia–Mattheyses passes over k waves. A pass keeps the free nodes
 * on the boundary between waves in a heap by the weight their best move saves, makes the best
 * move even when it breaks more (each node moves once), and at the end goes back to the best plan
 * seen within room. A move may take a wave one mailbox and one mailbox's bytes past its room, so
 * a full wave can trade: that is how swaps happen. Passes repeat while they gain.
 */
export function refineWaves(placement: WavePlacement): void {
  const pass = new RefinementPass(placement);
  for (let round = 0; round < MAX_PASSES; round++) if (!pass.run()) return;
}

class RefinementPass {
  private readonly heap = new GainHeap();
  private readonly key: Float64Array;
  private readonly target: Int32Array;
  private readonly locked: Int32Array;
  private readonly live: Int32Array;
  private readonly weightTo: Float64Array;
  private readonly touched: Int32Array;
  private readonly movedNodes: number[] = [];
  private readonly movedFrom: number[] = [];
  private readonly slackBytes: number;
  private readonly tolerance: number;
  private round = 0;
  private overfull = 0;
  private roomiest = 0;

  constructor(private readonly placement: WavePlacement) {
    const { graph, waveCount } = placement;
    this.key = new Float64Array(graph.nodeCount);
    this.target = new Int32Array(graph.nodeCount);
    this.locked = new Int32Array(graph.nodeCount);
    this.live = new Int32Array(graph.nodeCount);
    this.weightTo = new Float64Array(waveCount);
    this.touched = new Int32Array(waveCount);
    let largest = 0;
    for (let node = 0; node < graph.nodeCount; node++)
      if (placement.standing[node] === FREE) largest = Math.max(largest, graph.sizes[node] as number);
    this.slackBytes = largest;
    let lightest = Number.POSITIVE_INFINITY;
    for (const weight of graph.weights) if (weight > 0) lightest = Math.min(lightest, weight);
    this.tolerance = Number.isFinite(lightest) ? lightest * 1e-3 : 0;
  }

  /** One pass; true when it left a plan that breaks less. */
  run(): boolean {
    const { placement, heap, key, locked } = this;
    const round = ++this.round;
    heap.clear();
    this.movedNodes.length = 0;
    this.movedFrom.length = 0;
    this.findRoomiest();
    for (let node = 0; node < placement.graph.nodeCount; node++) if (this.movable(node)) this.queue(node);
    let saved = 0;
    let bestSaved = 0;
    let bestAt = 0;
    while (heap.size > 0) {
      const gain = heap.topGain();
      const node = heap.pop();
      if (locked[node] === round || key[node] !== gain || this.live[node] !== round) continue;
      this.live[node] = 0;
      const gainNow = this.bestMove(node);
      if (Number.isNaN(gainNow)) continue;
      if (gainNow !== gain) {
        this.queue(node);
        continue;
      }
      this.move(node, this.target[node] as number);
      locked[node] = round;
      saved += gain;
      if (this.overfull === 0 && saved > bestSaved + this.tolerance) {
        bestSaved = saved;
        bestAt = this.movedNodes.length;
      }
      if (this.movedNodes.length - bestAt > MOVES_WITHOUT_GAIN) break;
      this.requeueNeighbours(node, round);
    }
    this.undoAfter(bestAt);
    return bestAt > 0;
  }

  private movable(node: number): boolean {
    return this.placement.standing[node] === FREE && (this.placement.waveOf[node] as number) >= 0;
  }

  private requeueNeighbours(node: number, round: number): void {
    const { offsets, neighbours } = this.placement.graph;
    for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
      const neighbour = neighbours[k] as number;
      if (
        this.locked[neighbour] !== round &&
        this.placement.standing[neighbour] === FREE &&
        (this.placement.waveOf[neighbour] as number) >= 0
      ) {
        this.queue(neighbour);
      }
    }
  }

  /** Queues the node's best allowed move unless it is queued already with that gain. */
  private queue(node: number): void {
    const gain = this.bestMove(node);
    if (Number.isNaN(gain) || (this.key[node] === gain && this.live[node] === this.round)) return;
    this.key[node] = gain;
    this.live[node] = this.round;
    this.heap.push(gain, node);
  }

  /**
   * The weight the node's best allowed move saves (to a wave it has links to, or the roomiest
   * wave), with the wave in `target`; NaN when no move is allowed.
   */
  private bestMove(node: number): number {
    const { placement, weightTo, touched } = this;
    const own = placement.waveOf[node] as number;
    const touchedCount = linkWeightByWave(placement, node, weightTo, touched);
    let best = -1;
    for (let i = 0; i <= touchedCount; i++) {
      const wave = i < touchedCount ? (touched[i] as number) : this.roomiest;
      if (wave === own || !this.allowedInto(node, wave)) continue;
      if (best < 0 || (weightTo[wave] as number) > (weightTo[best] as number) || (weightTo[wave] === weightTo[best] && wave < best))
        best = wave;
    }
    const gain = best < 0 ? Number.NaN : (weightTo[best] as number) - (weightTo[own] as number);
    for (let i = 0; i < touchedCount; i++) weightTo[touched[i] as number] = 0;
    this.target[node] = best;
    return gain;
  }

  private allowedInto(node: number, wave: number): boolean {
    const { roomCount, roomBytes, graph } = this.placement;
    return (roomCount[wave] as number) >= 0 && (roomBytes[wave] as number) - (graph.sizes[node] as number) >= -this.slackBytes;
  }

  private move(node: number, wave: number): void {
    const from = this.placement.waveOf[node] as number;
    this.movedNodes.push(node);
    this.movedFrom.push(from);
    this.overfull -= this.isOverfull(from) + this.isOverfull(wave);
    unassign(this.placement, node);
    assign(this.placement, node, wave);
    this.overfull += this.isOverfull(from) + this.isOverfull(wave);
    this.findRoomiest();
  }

  private isOverfull(wave: number): number {
    return (this.placement.roomCount[wave] as number) < 0 || (this.placement.roomBytes[wave] as number) < 0 ? 1 : 0;
  }

  private findRoomiest(): void {
    const { roomCount } = this.placement;
    let best = 0;
    for (let wave = 1; wave < this.placement.waveCount; wave++) if ((roomCount[wave] as number) > (roomCount[best] as number)) best = wave;
    this.roomiest = best;
  }

  private undoAfter(bestAt: number): void {
    for (let i = this.movedNodes.length - 1; i >= bestAt; i--) {
      unassign(this.placement, this.movedNodes[i] as number);
      assign(this.placement, this.movedNodes[i] as number, this.movedFrom[i] as number);
    }
    this.overfull = 0;
  }
}
