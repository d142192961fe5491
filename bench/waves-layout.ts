/**
 * Who is where in the wave benchmark's organisation, before any links: people in departments of
 * 20 to 200, departments in teams, and past 20,000 mailboxes, departments in trusts. People are
 * numbered department by department here; the organisation shuffles the numbers afterwards.
 */

/** Department sizes, 20 to 200, more small ones than large (log-uniform), adding up to `people`; the last takes what is left. */
function departmentSizes(people: number, random: () => number): number[] {
  const sizes: number[] = [];
  let left = people;
  while (left > 0) {
    const drawn = Math.round(20 * 10 ** random());
    const size = left - drawn < 20 ? left : drawn;
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Adds `count` distinct people from `start .. start + size` to `into` (Floyd's sampling). */
export function sampleMembers(start: number, size: number, count: number, random: () => number, into: Set<number>): void {
  for (let j = size - Math.min(count, size); j < size; j++) {
    const pick = start + Math.floor(random() * (j + 1));
    into.add(into.has(pick) ? start + j : pick);
  }
}

export interface Layout {
  people: number;
  sharedCount: number;
  serviceCount: number;
  deptStart: number[];
  deptSize: number[];
  /** Logical index of the first person of each team, per department. */
  teamStarts: number[][];
  /** Per department, its organisation (trust); each organisation's departments are consecutive. */
  trustOf: number[];
  trustFirstDepartment: number[];
  trustDepartmentCount: number[];
}

/** One organisation up to 20,000 mailboxes; beyond that, trusts of 2,000 to 20,000 people. */
function groupIntoTrusts(
  mailboxes: number,
  deptSize: number[],
  random: () => number,
): Pick<Layout, 'trustOf' | 'trustFirstDepartment' | 'trustDepartmentCount'> {
  const trustOf: number[] = [];
  const trustFirstDepartment: number[] = [];
  const trustDepartmentCount: number[] = [];
  let room = 0;
  deptSize.forEach((size, d) => {
    if (room <= 0) {
      room = mailboxes <= 20_000 ? Number.POSITIVE_INFINITY : 2000 * 10 ** random();
      trustFirstDepartment.push(d);
      trustDepartmentCount.push(0);
    }
    const trust = trustFirstDepartment.length - 1;
    trustOf.push(trust);
    trustDepartmentCount[trust] = (trustDepartmentCount[trust] as number) + 1;
    room -= size;
  });
  return { trustOf, trustFirstDepartment, trustDepartmentCount };
}

/** A department of the same trust as `d`, or one in fifty times of any trust. */
export function otherDepartment(layout: Layout, d: number, random: () => number): number {
  if (random() < 0.02) return Math.floor(random() * layout.deptSize.length);
  const trust = layout.trustOf[d] as number;
  return (layout.trustFirstDepartment[trust] as number) + Math.floor(random() * (layout.trustDepartmentCount[trust] as number));
}

/** Anyone in the same trust as department `d`, or one in fifty times anyone at all. */
export function personNear(layout: Layout, d: number, random: () => number): number {
  const other = otherDepartment(layout, d, random);
  return (layout.deptStart[other] as number) + Math.floor(random() * (layout.deptSize[other] as number));
}

export function layOut(mailboxes: number, random: () => number): Layout {
  const serviceCount = Math.max(3, Math.round(mailboxes / 5000));
  const people = Math.round(((mailboxes - serviceCount) * 40) / 41);
  const sharedCount = mailboxes - serviceCount - people;
  const deptSize = departmentSizes(people, random);
  const deptStart: number[] = [];
  const teamStarts: number[][] = [];
  let at = 0;
  for (const size of deptSize) {
    deptStart.push(at);
    const teams: number[] = [];
    for (let t = at; t < at + size; t += 4 + Math.floor(random() * 9)) teams.push(t);
    teamStarts.push(teams);
    at += size;
  }
  return { people, sharedCount, serviceCount, deptStart, deptSize, teamStarts, ...groupIntoTrusts(mailboxes, deptSize, random) };
}
