import { londonDate } from '../calendar/london-time.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type BrokenLink, brokenLinks } from './broken-links.js';
import { findWave } from './manage-waves.js';
import { GB } from './plan-problem.js';
import type { Wave } from './wave.js';
import { readWaveDirectory, type WaveDirectory } from './wave-directory.js';
import { isStillToMove, mailboxNames, type WaveSize, waveSizesOf, wavesInForce } from './waves-in-force.js';

/** One wave as it stands: who is in it, how big, and what it breaks with the others. */
export interface WaveSummary {
  name: string;
  start: string;
  end: string;
  started: boolean;
  /** People still to move (waveSizesOf: the same count on every page). */
  people: number;
  /** Shared mailboxes still to move. */
  sharedMailboxes: number;
  /** People and shared mailboxes in the wave already moved: they take no room. */
  moved: number;
  /** GB of the mailboxes still to move. */
  gb: number;
  capacity?: number;
  capacityGb?: number;
  brokenLinks: number;
  brokenWeight: number;
  /** Per other wave: how many links and what weight break with it. */
  brokenWith: { wave: string; links: number; weight: number }[];
}

/** A mailbox a wave moves: a person's or a shared one, still to move. */
export interface RosterEntry {
  email: string;
  name: string;
  kind: 'person' | 'shared';
  gb: number;
  /** The person's NHSmail address, when known. */
  nhsmailEmail?: string | null;
}

export interface WaveOverview {
  waves: WaveSummary[];
  brokenLinks: BrokenLink[];
  names: Map<string, string>;
}

/** `commsplan waves show` and `waves broken-links`: the waves as assigned now. */
export async function waveOverview(store: Store, organisation: Organisation, now: Date): Promise<WaveOverview> {
  return store.db.transaction().execute(async (trx) => {
    const directory = await readWaveDirectory(trx, organisation.id, now);
    return overviewOf(directory, londonDate(now));
  });
}

export function overviewOf(directory: WaveDirectory, today: string): WaveOverview {
  const inForce = wavesInForce(directory);
  const broken = brokenLinks(directory.permissions, (email) => inForce.get(email), directory.weights, directory.serviceAccounts);
  const sizes = waveSizesOf(directory);
  const brokenWith = brokenByWave(broken);
  const summaries = directory.waves.map((wave) => summaryOf(wave, directory, sizes, brokenWith, today));
  return { waves: summaries, brokenLinks: broken, names: mailboxNames(directory) };
}

/** Per wave (lower-cased), the links broken with each other wave, in one pass over the links. */
function brokenByWave(broken: readonly BrokenLink[]): Map<string, Map<string, { wave: string; links: number; weight: number }>> {
  const byWave = new Map<string, Map<string, { wave: string; links: number; weight: number }>>();
  const add = (from: string, to: string, weight: number) => {
    const withOthers = byWave.get(from.toLowerCase()) ?? new Map<string, { wave: string; links: number; weight: number }>();
    byWave.set(from.toLowerCase(), withOthers);
    const entry = withOthers.get(to.toLowerCase()) ?? { wave: to, links: 0, weight: 0 };
    entry.links += 1;
    entry.weight += weight;
    withOthers.set(to.toLowerCase(), entry);
  };
  for (const link of broken) {
    add(link.mailboxWave, link.holderWave, link.weight);
    add(link.holderWave, link.mailboxWave, link.weight);
  }
  return byWave;
}

function summaryOf(
  wave: Wave,
  directory: WaveDirectory,
  sizes: ReadonlyMap<string, WaveSize>,
  brokenWith: ReadonlyMap<string, ReadonlyMap<string, { wave: string; links: number; weight: number }>>,
  today: string,
): WaveSummary {
  const key = wave.name.toLowerCase();
  const load = sizes.get(key) ?? { people: 0, sharedMailboxes: 0, moved: 0, bytes: 0 };
  const others = [...(brokenWith.get(key)?.values() ?? [])];
  const capacity = wave.capacity ?? directory.settings.waveCapacity;
  const capacityGb = wave.capacityGb ?? directory.settings.waveCapacityGb;
  return {
    name: wave.name,
    start: wave.start,
    end: wave.end,
    started: wave.start <= today,
    people: load.people,
    sharedMailboxes: load.sharedMailboxes,
    moved: load.moved,
    gb: Math.round((load.bytes / GB) * 100) / 100,
    ...(capacity === undefined ? {} : { capacity }),
    ...(capacityGb === undefined ? {} : { capacityGb }),
    brokenLinks: others.reduce((sum, other) => sum + other.links, 0),
    brokenWeight: others.reduce((sum, other) => sum + other.weight, 0),
    brokenWith: others.sort((a, b) => b.weight - a.weight || a.wave.localeCompare(b.wave)),
  };
}

/** `commsplan waves roster NAME`: every mailbox the wave moves that has not moved yet, people first. */
export async function waveRoster(
  store: Store,
  organisation: Organisation,
  name: string,
  now: Date,
): Promise<{ wave: Wave; entries: RosterEntry[] }> {
  return store.db.transaction().execute(async (trx) => {
    const directory = await readWaveDirectory(trx, organisation.id, now);
    const wave = findWave(directory.waves, name);
    const key = wave.name.toLowerCase();
    const entries: RosterEntry[] = [];
    for (const holder of directory.holders)
      if (holder.wave?.toLowerCase() === key && isStillToMove(holder))
        entries.push({
          email: holder.email,
          name: holder.displayName ?? holder.email,
          kind: 'person',
          gb: (directory.sizes.get(holder.email) ?? 0) / GB,
          nhsmailEmail: holder.nhsmailEmail,
        });
    for (const mailbox of directory.shared)
      if (mailbox.wave?.toLowerCase() === key && !mailbox.migrated)
        entries.push({ email: mailbox.email, name: mailbox.name ?? mailbox.email, kind: 'shared', gb: mailbox.bytes / GB });
    return { wave, entries };
  });
}
