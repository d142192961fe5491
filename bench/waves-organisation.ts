/**
 * A made-up organisation for the wave-planning benchmark: mailboxes with sizes, departments and
 * the permission links between them, shaped like a trust's. Departments of 20 to 200 people are
 * made of teams of 4 to 12 that share calendars with their manager and with one another;
 * assistants act as calendar delegates for 2 to 5 executives, sometimes in other departments;
 * about one shared mailbox per 40 people, each with 10 to 69 members, mostly from its own
 * department; some departments have a rota coordinator who can read every calendar in it; and
 * a few service accounts hold full access on thousands of mailboxes. Past 20,000 mailboxes the
 * departments belong to trusts of 2,000 to 20,000 people, and the links that leave a department
 * stay in its trust but for one in fifty. Typed arrays throughout, and the same organisation for
 * the same seed on every machine.
 */
import { SeededRandom } from '../src/shared/seeded-random.js';
import { type Layout, layOut, otherDepartment, personNear, sampleMembers } from './waves-layout.js';

/** What a link grants; each kind has its weight in `RIGHT_WEIGHT`. */
export const Right = {
  calendarReviewer: 0,
  calendarEditor: 1,
  calendarDelegate: 2,
  sendOnBehalf: 3,
  fullAccess: 4,
  sendAs: 5,
} as const;
export const RIGHT_WEIGHT: readonly number[] = [1, 10, 10, 4, 10, 4];

/** Links from the holder of a right (`from`) to the mailbox it is held on (`to`). */
export interface PermissionLinks {
  from: Int32Array;
  to: Int32Array;
  weight: Uint8Array;
  right: Uint8Array;
  length: number;
}

export interface WavesOrganisation {
  nodeCount: number;
  /** Bytes per mailbox. */
  sizes: Float64Array;
  /** Department index per mailbox; -1 for service accounts. */
  departments: Int32Array;
  departmentCount: number;
  /** Organisations (trusts) the departments belong to: one up to 20,000 mailboxes. */
  trustCount: number;
  /** 1 for a shared mailbox, 0 for a person or service account. */
  isShared: Uint8Array;
  /** Alphabetical position of each mailbox's surname (or display name) and forename; ties are possible. */
  surnames: Int32Array;
  forenames: Int32Array;
  assistants: Int32Array;
  serviceAccounts: Int32Array;
  links: PermissionLinks;
}

const GB = 1024 ** 3;
const SURNAMES = 10_000;
const FORENAMES = 500;

class LinkBuffer {
  from = new Int32Array(1 << 16);
  to = new Int32Array(1 << 16);
  right = new Uint8Array(1 << 16);
  length = 0;

  add(holder: number, mailbox: number, right: number): void {
    if (this.length === this.from.length) this.grow();
    this.from[this.length] = holder;
    this.to[this.length] = mailbox;
    this.right[this.length] = right;
    this.length += 1;
  }

  private grow(): void {
    const bigger = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.from = bigger(this.from, (n) => new Int32Array(n));
    this.to = bigger(this.to, (n) => new Int32Array(n));
    this.right = bigger(this.right, (n) => new Uint8Array(n));
  }
}

/** A person's mailbox: most 0.5 to 4 GB, one in eight 4 to 20 GB, a few 20 to 50 GB. */
function personBytes(random: () => number): number {
  const r = random();
  const [low, high] = r < 0.85 ? [0.5, 4] : r < 0.97 ? [4, 20] : [20, 50];
  return Math.round(low * (high / low) ** random() * GB);
}

/** Team calendars: members read their manager's, some edit it, and half share their own with a teammate. */
function addTeamLinks(layout: Layout, links: LinkBuffer, random: () => number): void {
  layout.teamStarts.forEach((teams, d) => {
    const end = (layout.deptStart[d] as number) + (layout.deptSize[d] as number);
    teams.forEach((manager, t) => {
      const teamEnd = teams[t + 1] ?? end;
      for (let member = manager + 1; member < teamEnd; member++) {
        if (random() < 0.6) links.add(member, manager, random() < 0.1 ? Right.calendarEditor : Right.calendarReviewer);
        if (random() < 0.5) {
          const other = manager + Math.floor(random() * (teamEnd - manager));
          if (other !== member) links.add(other, member, random() < 0.2 ? Right.calendarEditor : Right.calendarReviewer);
        }
      }
      if (t > 0 && random() < 0.5) links.add(manager, teams[0] as number, Right.calendarReviewer);
    });
  });
}

/** About one assistant per 50 people, each a calendar delegate for 2 to 5 managers, a quarter of them elsewhere. */
function addAssistantLinks(layout: Layout, links: LinkBuffer, random: () => number): number[] {
  const assistants = new Set<number>();
  layout.deptSize.forEach((size, d) => {
    if (size < 10) return;
    const start = layout.deptStart[d] as number;
    const count = Math.floor(size / 50 + random());
    for (let a = 0; a < count; a++) {
      const assistant = start + Math.floor(random() * size);
      if (assistants.has(assistant)) continue;
      assistants.add(assistant);
      const executives = new Set<number>();
      const wanted = 2 + Math.floor(random() * 4);
      while (executives.size < wanted) {
        const from = random() < 0.75 ? d : otherDepartment(layout, d, random);
        const teams = layout.teamStarts[from] as number[];
        let executive = teams[Math.floor(random() * teams.length)] as number;
        if (from === d && (executives.has(executive) || executive === assistant)) executive = start + Math.floor(random() * size);
        if (executive !== assistant) executives.add(executive);
      }
      for (const executive of executives) {
        links.add(assistant, executive, Right.calendarDelegate);
        if (random() < 0.5) links.add(assistant, executive, Right.sendOnBehalf);
      }
    }
  });
  return [...assistants];
}

/** About one shared mailbox per 40 people, homed in departments by size, with 10 to 69 members. */
function addSharedMailboxLinks(layout: Layout, departmentOf: Int32Array, links: LinkBuffer, random: () => number): Int32Array {
  const { people, sharedCount } = layout;
  const homes = new Int32Array(sharedCount);
  for (let j = 0; j < sharedCount; j++) {
    const mailbox = people + j;
    const home = departmentOf[Math.floor(((j + random()) * people) / sharedCount)] as number;
    homes[j] = home;
    const count = 10 + Math.floor(random() ** 2 * 60);
    const members = new Set<number>();
    sampleMembers(layout.deptStart[home] as number, layout.deptSize[home] as number, Math.round(count * 0.8), random, members);
    while (members.size < count) members.add(personNear(layout, home, random));
    for (const member of members) {
      links.add(member, mailbox, Right.fullAccess);
      if (random() < 0.3) links.add(member, mailbox, Right.sendAs);
    }
  }
  return homes;
}

/** One department in five has a rota coordinator who reads every calendar in it. */
function addRotaCoordinatorLinks(layout: Layout, links: LinkBuffer, random: () => number): void {
  layout.deptSize.forEach((size, d) => {
    if (size < 20 || random() >= 0.2) return;
    const start = layout.deptStart[d] as number;
    const coordinator = start + Math.floor(random() * size);
    for (let person = start; person < start + size; person++) {
      if (person !== coordinator) links.add(coordinator, person, Right.calendarReviewer);
    }
  });
}

/** Service accounts (archiving, migration tools) with full access on 1,000 to 5,000 mailboxes each. */
function addServiceAccountLinks(layout: Layout, links: LinkBuffer, random: () => number): void {
  const mailboxes = layout.people + layout.sharedCount;
  for (let s = 0; s < layout.serviceCount; s++) {
    const account = mailboxes + s;
    const count = Math.min(mailboxes, 1000 + Math.floor(random() * 4000));
    for (let k = 0; k < count; k++) links.add(account, Math.floor(random() * mailboxes), Right.fullAccess);
  }
}

function shuffledIndexes(count: number, random: () => number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const kept = order[i] as number;
    order[i] = order[j] as number;
    order[j] = kept;
  }
  return order;
}

/**
 * Generates an organisation of `mailboxes` mailboxes (people, shared mailboxes and service
 * accounts). Mailbox and department numbers are shuffled, so nothing can be read from their order.
 */
export function generateWavesOrganisation(options: { mailboxes: number; seed?: number }): WavesOrganisation {
  const random = new SeededRandom(options.seed ?? 19).next;
  const nodeCount = options.mailboxes;
  const layout = layOut(nodeCount, random);
  const departmentOf = new Int32Array(layout.people);
  layout.deptSize.forEach((size, d) => {
    departmentOf.fill(d, layout.deptStart[d], (layout.deptStart[d] as number) + size);
  });

  const links = new LinkBuffer();
  addTeamLinks(layout, links, random);
  const assistants = addAssistantLinks(layout, links, random);
  const sharedHomes = addSharedMailboxLinks(layout, departmentOf, links, random);
  addRotaCoordinatorLinks(layout, links, random);
  addServiceAccountLinks(layout, links, random);

  const node = shuffledIndexes(nodeCount, random);
  const department = shuffledIndexes(layout.deptSize.length, random);
  const sizes = new Float64Array(nodeCount);
  const departments = new Int32Array(nodeCount).fill(-1);
  const isShared = new Uint8Array(nodeCount);
  const firstShared = layout.people;
  const firstService = layout.people + layout.sharedCount;
  for (let i = 0; i < nodeCount; i++) {
    const at = node[i] as number;
    if (i < firstShared) {
      sizes[at] = personBytes(random);
      departments[at] = department[departmentOf[i] as number] as number;
    } else if (i < firstService) {
      sizes[at] = Math.round(0.05 * 600 ** random() * GB);
      departments[at] = department[sharedHomes[i - firstShared] as number] as number;
      isShared[at] = 1;
    } else sizes[at] = Math.round(0.01 * 100 ** random() * GB);
  }
  const surnames = new Int32Array(nodeCount);
  const forenames = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    surnames[i] = Math.floor(random() * SURNAMES);
    forenames[i] = Math.floor(random() * FORENAMES);
  }
  const from = links.from.slice(0, links.length);
  const to = links.to.slice(0, links.length);
  const right = links.right.slice(0, links.length);
  const weight = new Uint8Array(links.length);
  for (let k = 0; k < links.length; k++) {
    from[k] = node[from[k] as number] as number;
    to[k] = node[to[k] as number] as number;
    weight[k] = RIGHT_WEIGHT[right[k] as number] as number;
  }
  return {
    nodeCount,
    sizes,
    departments,
    departmentCount: layout.deptSize.length,
    trustCount: layout.trustFirstDepartment.length,
    isShared,
    surnames,
    forenames,
    assistants: Int32Array.from(assistants, (a) => node[a] as number),
    serviceAccounts: Int32Array.from({ length: layout.serviceCount }, (_, s) => node[firstService + s] as number),
    links: { from, to, weight, right, length: links.length },
  };
}
