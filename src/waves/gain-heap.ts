/**
 * A binary max-heap of (gain, node) pairs in typed arrays, for growing a wave by the node that
 * gains most. Equal gains come out lowest node first, so the order is deterministic. Entries are
 * never updated in place: callers push a node again with its new gain and skip stale ones.
 */
export class GainHeap {
  private gains: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.gains = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  push(gain: number, node: number): void {
    if (this.size === this.gains.length) this.grow();
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(gain, node, this.gains[parent] as number, this.nodes[parent] as number)) break;
      this.gains[at] = this.gains[parent] as number;
      this.nodes[at] = this.nodes[parent] as number;
      at = parent;
    }
    this.gains[at] = gain;
    this.nodes[at] = node;
  }

  topNode(): number {
    return this.nodes[0] as number;
  }

  topGain(): number {
    return this.gains[0] as number;
  }

  /** Removes the top entry and returns its node; the caller reads topGain() first if it needs it. */
  pop(): number {
    const top = this.nodes[0] as number;
    const last = --this.size;
    const gain = this.gains[last] as number;
    const node = this.nodes[last] as number;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        this.before(this.gains[right] as number, this.nodes[right] as number, this.gains[child] as number, this.nodes[child] as number)
      ) {
        child = right;
      }
      if (!this.before(this.gains[child] as number, this.nodes[child] as number, gain, node)) break;
      this.gains[at] = this.gains[child] as number;
      this.nodes[at] = this.nodes[child] as number;
      at = child;
    }
    this.gains[at] = gain;
    this.nodes[at] = node;
    return top;
  }

  private before(gainA: number, nodeA: number, gainB: number, nodeB: number): boolean {
    return gainA > gainB || (gainA === gainB && nodeA < nodeB);
  }

  private grow(): void {
    const gains = new Float64Array(this.gains.length * 2);
    gains.set(this.gains);
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.gains = gains;
    this.nodes = nodes;
  }
}
