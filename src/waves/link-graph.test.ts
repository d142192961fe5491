import { describe, expect, it } from 'vitest';
import { brokenLinkWeight, buildLinkGraph } from './link-graph.js';

function graphOf(nodeCount: number, links: [number, number, number][]) {
  return buildLinkGraph(nodeCount, new Float64Array(nodeCount), new Int32Array(nodeCount).fill(-1), {
    from: links.map((link) => link[0]),
    to: links.map((link) => link[1]),
    weight: links.map((link) => link[2]),
    length: links.length,
  });
}

function rowOf(graph: ReturnType<typeof graphOf>, node: number): [number, number][] {
  const row: [number, number][] = [];
  for (let k = graph.offsets[node] as number; k < (graph.offsets[node + 1] as number); k++) {
    row.push([graph.neighbours[k] as number, graph.weights[k] as number]);
  }
  return row;
}

describe('the link graph', () => {
  it('stores every link from both ends, each row sorted by neighbour', () => {
    const graph = graphOf(4, [
      [3, 0, 1],
      [0, 2, 2],
      [1, 0, 4],
    ]);
    expect(rowOf(graph, 0)).toEqual([
      [1, 4],
      [2, 2],
      [3, 1],
    ]);
    expect(rowOf(graph, 3)).toEqual([[0, 1]]);
    expect(graph.offsets).toEqual(new Int32Array([0, 3, 4, 5, 6]));
  });

  it('adds up the weights of a pair linked several times in either order', () => {
    const graph = graphOf(3, [
      [0, 1, 1],
      [1, 0, 2],
      [0, 1, 0.5],
      [1, 2, 1],
    ]);
    expect(rowOf(graph, 0)).toEqual([[1, 3.5]]);
    expect(rowOf(graph, 1)).toEqual([
      [0, 3.5],
      [2, 1],
    ]);
  });

  it('drops a link of a mailbox to itself', () => {
    const graph = graphOf(2, [
      [0, 0, 5],
      [0, 1, 1],
    ]);
    expect(rowOf(graph, 0)).toEqual([[1, 1]]);
    expect(graph.neighbours.length).toBe(2);
  });

  it('counts each broken link once, and none when both ends share a wave', () => {
    const graph = graphOf(4, [
      [0, 1, 1],
      [1, 2, 2],
      [2, 3, 4],
      [0, 1, 1],
    ]);
    expect(brokenLinkWeight(graph, new Int32Array([0, 0, 1, 1]))).toBe(2);
    expect(brokenLinkWeight(graph, new Int32Array([0, 1, 0, 1]))).toBe(8);
    expect(brokenLinkWeight(graph, new Int32Array([2, 2, 2, 2]))).toBe(0);
  });
});
