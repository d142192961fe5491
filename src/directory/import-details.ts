import { plural } from '../shared/plural.js';
import type { AccessSummary, GroupSummary } from './group-records.js';
import type { ImportKind } from './import-kinds.js';

/** Lines for an import's summary about groups and rights, for whoever prints it (the CLI). */
export function describeGroupsAndRights(result: { kind: ImportKind; groups?: GroupSummary; access?: AccessSummary }): string[] {
  return [...describeGroups(result.kind, result.groups), ...describeRights(result.access)];
}

const count = (n: number) => n.toLocaleString('en-GB');

function describeGroups(kind: ImportKind, groups: GroupSummary | undefined): string[] {
  if (!groups) return [];
  if (kind === 'mailboxes')
    return [
      `${plural(groups.groups, 'row was a group', 'rows were groups')}, kept apart from the mailboxes. Import their members with "commsplan import group-members".`,
    ];
  const nested = groups.nestedGroups
    ? `; ${plural(groups.nestedGroups, 'member was a group', 'members were groups')}, replaced by the people in it`
    : '';
  return [`${plural(groups.groups, 'group', 'groups')} in this file${nested}.`];
}

const KIND_NAMES: Readonly<Record<string, string>> = {
  'full-access': 'full access',
  'send-as': 'send as',
  'send-on-behalf': 'send on behalf',
};

/** Exchange's own names for the folder sharing levels, as the export spells them. */
const SHARING_LEVELS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Owner',
    'PublishingEditor',
    'Editor',
    'PublishingAuthor',
    'Author',
    'NonEditingAuthor',
    'Reviewer',
    'Contributor',
    'AvailabilityOnly',
    'LimitedDetails',
  ].map((level) => [level.toLowerCase(), level]),
);

/** `full access`, or `calendar sharing: LimitedDetails` for `calendar:limiteddetails`. */
export function rightName(kind: string): string {
  const known = KIND_NAMES[kind];
  if (known) return known;
  const [folder = '', level = ''] = kind.split(':');
  if (level === 'delegate') return `${folder} delegate`;
  return `${folder} sharing: ${SHARING_LEVELS[level] ?? level}`;
}

/** Mailbox-wide rights first, then folder sharing by folder and level. */
function rightsOrder(a: string, b: string): number {
  const rank = (kind: string) => Object.keys(KIND_NAMES).indexOf(kind) >>> 0;
  return rank(a) - rank(b) || a.localeCompare(b);
}

function describeRights(access: AccessSummary | undefined): string[] {
  if (!access) return [];
  const kinds = Object.keys(access.byKind).sort(rightsOrder);
  if (kinds.length === 0) return [];
  const lines = ['Rights by kind:'];
  for (const kind of kinds) {
    const viaGroups = access.toGroupsByKind[kind];
    lines.push(`  ${rightName(kind)}: ${count(access.byKind[kind] ?? 0)}${viaGroups ? ` (${count(viaGroups)} held by groups)` : ''}`);
  }
  if (access.toGroups)
    lines.push(`${plural(access.toGroups, 'right is', 'rights are')} held by groups: their imported members count as holding them.`);
  return lines;
}
