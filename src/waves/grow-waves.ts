import { GainHeap } from './gain-heap.js';
import { assign, FREE, fits, type WavePlacement } from './wave-placement.js';

/**
 * Splits one connected group of free nodes over the waves by greedy graph growing: the wave with
 * the most room for the group grows from a seed, taking next the node whose move into it breaks
 * least (its links into the wave less its links to nodes still unplaced), until the wave is full;
 * then the next wave grows from where the last one stopped. Nodes no wave has room for stay unplaced.
 */
export class WaveGrower {
  private readonly gain: Float64Array;
  private readonly touched: Int32Array;
  private readonly rejected: Int32Array;
  private readonly queue: Int32Array;
  private readonly heap = new GainHeap();
  private round = 0;
  private linkedIn = 0;

  /**
   * `startAt` picks where growing starts: 0 for a far end of the group, otherwise the node that
   * far into the group's breadth-first order (so callers can try several starts).
   */
  constructor(
    private readonly placement: WavePlacement,
    private readonly startAt = 0,
  ) {
    const nodeCount = placement.graph.nodeCount;
    this.gain = new Float64Array(nodeCount);
    this.touched = new Int32Array(nodeCount);
    this.rejected = new Int32Array(nodeCount);
    this.queue = new Int32Array(nodeCount);
  }

  /** `order[from .. to)` lists the group's nodes; it is reordered breadth-first from the start. */
  split(order: Int32Array, from: number, to: number): void {
    this.orderFromStart(order, from, to);
    const anchored = this.linkedToPlaced(order, from, to);
    const { roomCount, roomBytes, graph } = this.placement;
    let countLeft = 0;
    let bytesLeft = 0;
    for (let i = from; i < to; i++) {
      countLeft += this.placement.mailboxes[order[i] as number] as number;
      bytesLeft += graph.sizes[order[i] as number] as number;
    }
    const grown = new Uint8Array(this.placement.waveCount);
    let cursor = from;
    while (countLeft > 0) {
      const wave = this.roomiestWave(grown, countLeft, bytesLeft);
      if (wave < 0) return;
      grown[wave] = 1;
      while (cursor < to && (this.placement.waveOf[order[cursor] as number] as number) >= 0) cursor++;
      const countBefore = roomCount[wave] as number;
      const bytesBefore = roomBytes[wave] as number;
      this.grow(wave, order, cursor, to, anchored);
      countLeft -= countBefore - (roomCount[wave] as number);
      bytesLeft -= bytesBefore - (roomBytes[wave] as number);
    }
  }

  /** The wave not yet grown that can take the largest share of what is left, earliest on a tie. */
  private roomiestWave(grown: Uint8Array, countLeft: number, bytesLeft: number): number {
    let best = -1;
    let bestShare = 0;
    for (let wave = 0; wave < this.placement.waveCount; wave++) {
      if (grown[wave] || (this.placement.roomCount[wave] as number) < 1) continue;
      const byteShare = bytesLeft > 0 ? (this.placement.roomBytes[wave] as number) / bytesLeft : 1;
      const share = Math.min(1, (this.placement.roomCount[wave] as number) / countLeft, byteShare);
      if (share > bestShare) {
        best = wave;
        bestShare = share;
      }
    }
    return best;
  }

  private grow(wave: number, order: Int32Array, seedFrom: number, to: number, anchored: number[]): void {
    const { placement, heap, gain, touched, rejected } = this;
    const { waveOf, standing, graph } = placement;
    const { offsets, neighbours, weights } = graph;
    const round = ++this.round;
    heap.clear();
    for (const node of anchored) {
      if ((waveOf[node] as number) >= 0) continue;
      const nodeGain = this.gainInto(node, wave);
      if (this.linkedIn === 0) continue;
      gain[node] = nodeGain;
      touched[node] = round;
      heap.push(nodeGain, node);
    }
    let seedAt = seedFrom;
    while ((placement.roomCount[wave] as number) >= 1) {
      if (heap.size === 0) {
        while (seedAt < to && ((waveOf[order[seedAt] as number] as number) >= 0 || rejected[order[seedAt] as number] === round)) seedAt++;
        if (seedAt === to) return;
        const seed = order[seedAt] as number;
        gain[seed] = this.gainInto(seed, wave);
        touched[seed] = round;
        heap.push(gain[seed] as number, seed);
      }
      const topGain = heap.topGain();
      const node = heap.pop();
      if ((waveOf[node] as number) >= 0 || touched[node] !== round || gain[node] !== topGain || rejected[node] === round) continue;
      if (!fits(placement, node, wave)) {
        rejected[node] = round;
        continue;
      }
      assign(placement, node, wave);
      for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
        const neighbour = neighbours[k] as number;
        if ((waveOf[neighbour] as number) >= 0 || standing[neighbour] !== FREE || rejected[neighbour] === round) continue;
        if (touched[neighbour] === round) gain[neighbour] = (gain[neighbour] as number) + 2 * (weights[k] as number);
        else {
          gain[neighbour] = this.gainInto(neighbour, wave);
          touched[neighbour] = round;
        }
        heap.push(gain[neighbour] as number, neighbour);
      }
    }
  }

  /** The node's links into the wave less its links to free nodes still unplaced; sets linkedIn. */
  private gainInto(node: number, wave: number): number {
    const { waveOf, standing, graph } = this.placement;
    let gain = 0;
    let linkedIn = 0;
    for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
      const neighbour = graph.neighbours[k] as number;
      const neighbourWave = waveOf[neighbour] as number;
      if (neighbourWave === wave) {
        gain += graph.weights[k] as number;
        linkedIn += graph.weights[k] as number;
      } else if (neighbourWave < 0 && standing[neighbour] === FREE) gain -= graph.weights[k] as number;
    }
    this.linkedIn = linkedIn;
    return gain;
  }

  /** Breadth-first from the start; the group's last node in its current order is far from its first. */
  private orderFromStart(order: Int32Array, from: number, to: number): void {
    const { waveOf, standing, graph } = this.placement;
    const round = ++this.round;
    const queue = this.queue;
    const start = order[this.startAt === 0 ? to - 1 : from + Math.floor(this.startAt * (to - from))] as number;
    let tail = 0;
    queue[tail++] = start;
    this.touched[start] = round;
    for (let head = 0; head < tail; head++) {
      const node = queue[head] as number;
      for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
        const neighbour = graph.neighbours[k] as number;
        if (this.touched[neighbour] === round || (waveOf[neighbour] as number) >= 0 || standing[neighbour] !== FREE) continue;
        this.touched[neighbour] = round;
        queue[tail++] = neighbour;
      }
    }
    order.set(queue.subarray(0, tail), from);
  }

  private linkedToPlaced(order: Int32Array, from: number, to: number): number[] {
    const { waveOf, graph } = this.placement;
    const anchored: number[] = [];
    for (let i = from; i < to; i++) {
      const node = order[i] as number;
      for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
        if ((waveOf[graph.neighbours[k] as number] as number) >= 0) {
          anchored.push(node);
          break;
        }
      }
    }
    return anchored;
  }
}
