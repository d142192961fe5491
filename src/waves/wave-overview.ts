import { londonDate } from '../calendar/london-time.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type BrokenLink, brokenLinks } from './broken-links.js';
import { findWave } from './manage-waves.js';
import { GB } from './plan-problem.js';
import type { Wave } from './wave.js';
import { readWaveDirectory, type WaveDirectory } from './wave-directory.js';
import { wavesInForce } from './waves-in-force.js';

/** One wave as it stands: who is in it, how big, and what it breaks with the others. */
export interface WaveSummary {
  name: string;
  start: string;
  end: string;
  started: boolean;
  people: number;
  sharedMailboxes: number;
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
  const summaries = directory.waves.map((wave) => summaryOf(wave, directory, inForce, broken, today));
  return { waves: summaries, brokenLinks: broken, names: namesOf(directory) };
}

function summaryOf(
  wave: Wave,
  directory: WaveDirectory,
  inForce: ReadonlyMap<string, string>,
  broken: readonly BrokenLink[],
  today: string,
): WaveSummary {
  const key = wave.name.toLowerCase();
  const shared = new Set(directory.shared.map((mailbox) => mailbox.email));
  let people = 0;
  let sharedMailboxes = 0;
  let bytes = 0;
  for (const [email, name] of inForce) {
    if (name.toLowerCase() !== key) continue;
    if (shared.has(email)) sharedMailboxes += 1;
    else people += 1;
    bytes += directory.sizes.get(email) ?? 0;
  }
  const brokenWith = new Map<string, { wave: string; links: number; weight: number }>();
  let links = 0;
  let weight = 0;
  for (const link of broken) {
    const other =
      link.mailboxWave.toLowerCase() === key ? link.holderWave : link.holderWave.toLowerCase() === key ? link.mailboxWave : undefined;
    if (other === undefined) continue;
    links += 1;
    weight += link.weight;
    const entry = brokenWith.get(other.toLowerCase()) ?? { wave: other, links: 0, weight: 0 };
    entry.links += 1;
    entry.weight += link.weight;
    brokenWith.set(other.toLowerCase(), entry);
  }
  const capacity = wave.capacity ?? directory.settings.waveCapacity;
  const capacityGb = wave.capacityGb ?? directory.settings.waveCapacityGb;
  return {
    name: wave.name,
    start: wave.start,
    end: wave.end,
    started: wave.start <= today,
    people,
    sharedMailboxes,
    gb: Math.round((bytes / GB) * 100) / 100,
    ...(capacity === undefined ? {} : { capacity }),
    ...(capacityGb === undefined ? {} : { capacityGb }),
    brokenLinks: links,
    brokenWeight: weight,
    brokenWith: [...brokenWith.values()].sort((a, b) => b.weight - a.weight || a.wave.localeCompare(b.wave)),
  };
}

function namesOf(directory: WaveDirectory): Map<string, string> {
  const names = new Map<string, string>();
  for (const holder of directory.holders) names.set(holder.email, holder.displayName ?? holder.email);
  for (const mailbox of directory.shared) names.set(mailbox.email, mailbox.name ?? mailbox.email);
  return names;
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
      if (holder.wave?.toLowerCase() === key && !holder.notCurrent && holder.getsNhsmail && !holder.migrated)
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
