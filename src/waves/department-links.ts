import { buildLinkGraph, type LinkGraph } from './link-graph.js';

/**
 * The graph with each department's members linked to its first member by a light link, so that
 * splitting a department costs a little for each member split off. The light links of a whole
 * department weigh less than half the lightest real link, so a real link always counts for more.
 */
export function withDepartmentLinks(graph: LinkGraph): LinkGraph {
  const { nodeCount, departments, offsets, neighbours, weights } = graph;
  let departmentCount = 0;
  for (let node = 0; node < nodeCount; node++) departmentCount = Math.max(departmentCount, (departments[node] as number) + 1);
  if (departmentCount === 0) return graph;
  const firstMember = new Int32Array(departmentCount).fill(-1);
  const memberCount = new Int32Array(departmentCount);
  let largest = 0;
  for (let node = 0; node < nodeCount; node++) {
    const department = departments[node] as number;
    if (department < 0) continue;
    if (firstMember[department] === -1) firstMember[department] = node;
    memberCount[department] = (memberCount[department] as number) + 1;
    largest = Math.max(largest, memberCount[department] as number);
  }
  let lightest = Number.POSITIVE_INFINITY;
  for (let k = 0; k < weights.length; k++) if ((weights[k] as number) > 0) lightest = Math.min(lightest, weights[k] as number);
  if (lightest === Number.POSITIVE_INFINITY) lightest = 1;
  const departmentWeight = lightest / (2 * largest);

  const capacity = neighbours.length / 2 + nodeCount;
  const from = new Int32Array(capacity);
  const to = new Int32Array(capacity);
  const weight = new Float64Array(capacity);
  let length = 0;
  for (let node = 0; node < nodeCount; node++) {
    for (let k = offsets[node] as number; k < (offsets[node + 1] as number); k++) {
      const neighbour = neighbours[k] as number;
      if (neighbour <= node) continue;
      from[length] = node;
      to[length] = neighbour;
      weight[length++] = weights[k] as number;
    }
    const department = departments[node] as number;
    if (department < 0 || firstMember[department] === node) continue;
    from[length] = firstMember[department] as number;
    to[length] = node;
    weight[length++] = departmentWeight;
  }
  return buildLinkGraph(nodeCount, graph.sizes, departments, { from, to, weight, length });
}
