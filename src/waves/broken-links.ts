import { LINK_KIND_WORDS, type LinkKind, type LinkWeights, linkKindOf } from './link-kinds.js';
import type { PermissionRow } from './plan-problem.js';

/** A right whose two ends move on different weekends. */
export interface BrokenLink {
  mailbox: string;
  holder: string;
  /** The kinds of right between them, strongest first. */
  kinds: LinkKind[];
  weight: number;
  mailboxWave: string;
  holderWave: string;
}

/**
 * The rights whose mailbox and holder are in different waves, one line per pair. Ends in no
 * wave, and service accounts, are left out.
 */
export function brokenLinks(
  permissions: readonly PermissionRow[],
  waveOf: (email: string) => string | undefined,
  weights: LinkWeights,
  leftOut: ReadonlySet<string>,
): BrokenLink[] {
  const byPair = new Map<string, BrokenLink>();
  for (const row of permissions) {
    if (leftOut.has(row.holder) || row.mailbox === row.holder) continue;
    const mailboxWave = waveOf(row.mailbox);
    const holderWave = waveOf(row.holder);
    if (!mailboxWave || !holderWave || mailboxWave.toLowerCase() === holderWave.toLowerCase()) continue;
    const kind = linkKindOf(row.access);
    if (weights[kind] <= 0) continue;
    const key = `${row.mailbox}\n${row.holder}`;
    const link = byPair.get(key) ?? { mailbox: row.mailbox, holder: row.holder, kinds: [], weight: 0, mailboxWave, holderWave };
    if (!link.kinds.includes(kind)) {
      link.kinds.push(kind);
      link.weight += weights[kind];
    }
    byPair.set(key, link);
  }
  const order: LinkKind[] = ['calendar-delegate', 'full-access', 'calendar-editor', 'send-as', 'send-on-behalf', 'read-only'];
  for (const link of byPair.values()) link.kinds.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...byPair.values()].sort((a, b) => b.weight - a.weight || a.mailbox.localeCompare(b.mailbox) || a.holder.localeCompare(b.holder));
}

/** The columns of a broken-links CSV, from the CLI or the web. */
export const BROKEN_LINK_COLUMNS = ['Person', 'Name', 'Their wave', 'Right', 'Mailbox', 'Mailbox name', 'Mailbox wave', 'Weight'];

export function brokenLinkCsvRow(link: BrokenLink, names: ReadonlyMap<string, string>): string[] {
  return [
    link.holder,
    names.get(link.holder) ?? '',
    link.holderWave,
    link.kinds.map((kind) => LINK_KIND_WORDS[kind]).join('; '),
    link.mailbox,
    names.get(link.mailbox) ?? '',
    link.mailboxWave,
    String(link.weight),
  ];
}
