import { type DocumentBlock, type HeadingLevel, toHtmlFragment, toMarkdown } from '../plan-outputs/document-model.js';
import { plural } from '../shared/plural.js';
import { type ChannelCopy, type CopyWorkspace, fillCopy, HELP_MARKDOWN, INFORMATION_PACK_MARKDOWN } from './channel-copy.js';

/** A member of staff with no email address, as the staff list gives them. */
export interface StaffWithoutEmail {
  name: string;
  department: string | null;
}

export const NO_DEPARTMENT = 'No department given';

/**
 * The briefing managers pass on by word of mouth, for staff who have no email address and so
 * never see our emails. One briefing for the whole move: what is happening, when, what those
 * staff need to know and do, and where to get help.
 */
export function managerBriefingCopy(department?: string): ChannelCopy {
  return {
    kind: 'briefing',
    phase: undefined,
    title: `Briefing for managers: our move to NHSmail${department ? ` (${department})` : ''}`,
    parts: [
      {
        kind: 'text',
        markdown:
          'Please pass this on to your team at your next huddle or team meeting, above all to colleagues with no email address: they do not receive our emails about the move.',
      },
      {
        kind: 'text',
        heading: 'What is happening',
        markdown:
          '((org name)) is moving all staff email to NHSmail, the national email service for the NHS. People move in waves: you will move with ((how migrations are organised)), and the first wave moves on ((first wave date)).',
      },
      { kind: 'waves', heading: 'When each wave moves' },
      {
        kind: 'text',
        heading: 'What your staff need to know',
        markdown: `- NHSmail addresses end in @nhs.net. Once the moves begin, more and more colleagues will write from one.
- NHSmail is safe for sending patient information to other NHSmail users and to secure government addresses.
- An NHSmail address stays with a person for their whole NHS career, even when they change employer.`,
      },
      {
        kind: 'text',
        heading: 'What your staff need to do',
        markdown: `- Tell them when your team moves: find its wave in the list above, or ask the project team.
- Anyone who already has an NHSmail account checks that they can still sign in.
- The clean-up deadline in our emails is for people with a mailbox of their own. Staff with no mailbox have nothing to clean up.
- Anyone who reads a team's shared mailbox, on a shared computer or a phone, needs its owner to give them access again after the move. If it will not open, they ask its owner or you.
- A phone or tablet that shows a shared mailbox is set up again for NHSmail after the move: it does not switch over by itself.
- Anyone who needs email for their work and has no address asks you or the IT helpdesk.
- Anyone without a computer at work can ask you for a printed copy of the information pack.
- For help with anything else, they ask you, or the IT helpdesk (below).`,
      },
      { kind: 'text', heading: 'Where to get help', markdown: `${HELP_MARKDOWN}\n- ${INFORMATION_PACK_MARKDOWN}` },
    ],
  };
}

/** The staff by department, departments in alphabetical order and those with none last; names in order within each. */
export function staffByDepartment(staff: readonly StaffWithoutEmail[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const person of staff) {
    const department = person.department?.trim() || NO_DEPARTMENT;
    groups.set(department, [...(groups.get(department) ?? []), person.name]);
  }
  const order = (name: string) => (name === NO_DEPARTMENT ? 1 : 0);
  return [...groups]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b, 'en-GB'))
    .map(([department, names]) => [department, names.sort((a, b) => a.localeCompare(b, 'en-GB'))]);
}

/** The list of staff with no email address that closes the briefing, by department when the staff list gives one. */
export function staffListBlocks(staff: readonly StaffWithoutEmail[], level: HeadingLevel = 3): DocumentBlock[] {
  const heading: DocumentBlock = { kind: 'heading', level, text: 'Staff with no email address' };
  const departmentLevel = Math.min(level + 1, 6) as HeadingLevel;
  if (staff.length === 0)
    return [heading, { kind: 'paragraph', text: 'The staff list has nobody without an email address, so there is nobody to list here.' }];
  const groups = staffByDepartment(staff);
  const count = `${plural(staff.length, 'member', 'members')} of staff on the staff list ${staff.length === 1 ? 'has' : 'have'} no email address and no mailbox of their own.`;
  if (groups.length === 1 && groups[0]?.[0] === NO_DEPARTMENT)
    return [
      heading,
      { kind: 'paragraph', text: `${count} The staff list gives no department for them, so they are listed together.` },
      { kind: 'list', items: groups[0][1] },
    ];
  return [
    heading,
    { kind: 'paragraph', text: `${count} They are listed by the department the staff list gives.` },
    ...groups.flatMap(([department, names]): DocumentBlock[] => [
      { kind: 'heading', level: departmentLevel, text: `${department} (${names.length})` },
      { kind: 'list', items: names },
    ]),
  ];
}

export interface ManagerBriefing {
  title: string;
  blocks: DocumentBlock[];
  markdown: string;
  html: string;
  missing: string[];
}

const ALL_DEPARTMENTS_NOTE =
  "This copy lists the staff of every department and is for the comms lead. Give each manager their own department's briefing, which lists only their staff.";

const hasDepartments = (staff: readonly StaffWithoutEmail[]) => staff.some((person) => person.department?.trim());

/** The briefing with every department's staff: for the comms lead when the staff list gives departments. */
export function buildManagerBriefing(
  workspace: CopyWorkspace,
  staff: readonly StaffWithoutEmail[],
  top: HeadingLevel = 2,
): ManagerBriefing {
  const note: DocumentBlock[] = hasDepartments(staff) ? [{ kind: 'paragraph', text: ALL_DEPARTMENTS_NOTE }] : [];
  return briefingOf(workspace, managerBriefingCopy(), staff, top, note);
}

function briefingOf(
  workspace: CopyWorkspace,
  copy: ChannelCopy,
  staff: readonly StaffWithoutEmail[],
  top: HeadingLevel,
  note: DocumentBlock[] = [],
): ManagerBriefing {
  const filled = fillCopy(workspace, copy, top);
  const [title, ...rest] = filled.blocks;
  const blocks = [...(title ? [title] : []), ...note, ...rest, ...staffListBlocks(staff, Math.min(top + 1, 6) as HeadingLevel)];
  return { title: filled.copy.title, blocks, markdown: toMarkdown(blocks), html: toHtmlFragment(blocks), missing: filled.missing };
}

/** A department's briefing, with a name for its file: `estates` for `manager-briefing-estates.html`. */
export interface DepartmentBriefing {
  department: string;
  fileName: string;
  briefing: ManagerBriefing;
}

/** A department's name as part of a file name: lower case letters and digits joined by hyphens. */
export function departmentFileName(department: string): string {
  if (department === NO_DEPARTMENT) return 'no-department';
  const name = department
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name || 'department';
}

/**
 * One briefing per department, each listing only that department's staff, so that a manager is
 * not handed the names of other teams' staff; none when the staff list gives no departments.
 */
export function buildDepartmentBriefings(
  workspace: CopyWorkspace,
  staff: readonly StaffWithoutEmail[],
  top: HeadingLevel = 2,
): DepartmentBriefing[] {
  if (!hasDepartments(staff)) return [];
  const used = new Map<string, number>();
  return staffByDepartment(staff).map(([department, names]) => {
    const base = departmentFileName(department);
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    const members = names.map((name) => ({ name, department }));
    return {
      department,
      fileName: count === 1 ? base : `${base}-${count}`,
      briefing: briefingOf(workspace, managerBriefingCopy(department), members, top),
    };
  });
}

export const STAFF_LIST_COLUMNS = ['Department', 'Name'] as const;

/** The staff list's rows for a CSV file, by department. */
export function staffListRows(staff: readonly StaffWithoutEmail[]): string[][] {
  return staffByDepartment(staff).flatMap(([department, names]) => names.map((name) => [department, name]));
}
