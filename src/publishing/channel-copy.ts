import { formatLongDateSpan } from '../calendar/local-date.js';
import { workspaceFields } from '../messages/message-fields.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import { type Channel, PHASE_IDS, type PhaseId } from '../plan/plan-model.js';
import type { Workspace } from '../plan/workspace.js';
import type { DocumentBlock, HeadingLevel } from '../plan-outputs/document-model.js';
import type { Wave } from '../waves/wave.js';

/** What a piece of copy needs from the workspace. */
export type CopyWorkspace = Pick<Workspace, 'organisation' | 'phases' | 'activities' | 'waves' | 'settings' | 'keyMessages' | 'calendar'>;

/**
 * A part of a piece of copy: template Markdown (our words, the plan's key messages, settings as
 * placeholders), or the list of waves with their dates. Kept as template text so that the same
 * piece renders filled for the web and the exports, and goes into an owner's task note as
 * template text that the note's values fill (ADR 0009).
 */
export type CopyPart = { kind: 'text'; heading?: string; markdown: string } | { kind: 'waves'; heading: string };

export interface ChannelCopy {
  /** `intranet`, `newsletter` or `briefing`, with the phase it belongs to. */
  kind: CopyKind;
  phase: PhaseId | undefined;
  /** The title, free of placeholders. */
  title: string;
  parts: CopyPart[];
}

export const COPY_KINDS = ['intranet', 'newsletter', 'briefing'] as const;
export type CopyKind = (typeof COPY_KINDS)[number];

/** Which channels of the plan each kind of copy is published through. */
export const COPY_CHANNELS: Readonly<Record<CopyKind, readonly Channel[]>> = {
  intranet: ['intranet-page', 'intranet-front-page'],
  newsletter: ['newsletter'],
  briefing: ['briefing'],
};

/** The phases, in plan order, with an activity published through one of `channels`. */
export function phasesWithChannel(workspace: Pick<Workspace, 'activities'>, channels: readonly Channel[]): PhaseId[] {
  return PHASE_IDS.filter((phase) =>
    workspace.activities.some((activity) => activity.phase === phase && activity.channels.some((channel) => channels.includes(channel))),
  );
}

/** One wave as a line: `Wave 1: Saturday 13 March 2027 to Sunday 14 March 2027`. */
export function waveLine(wave: Wave): string {
  return `${wave.name}: ${formatLongDateSpan(wave)}`;
}

export const NO_WAVES_YET = 'The dates of each wave are not set yet. They will be shared as soon as they are.';

/** A piece of copy, filled, as document blocks, and the settings it needed that have no value. */
export interface FilledCopy {
  copy: ChannelCopy;
  blocks: DocumentBlock[];
  missing: string[];
}

/**
 * Fills a piece of copy with the organisation's settings and waves, its title at `top`. A setting
 * with no value shows as `[not set: name]` and is listed in `missing`, never as `((name))`.
 */
export function fillCopy(workspace: CopyWorkspace, copy: ChannelCopy, top: HeadingLevel): FilledCopy {
  const values = fieldValues(workspaceFields(workspace));
  const missing = new Set<string>();
  const showMissing = (name: string) => {
    missing.add(name);
    return `[not set: ${name}]`;
  };
  const sub = Math.min(top + 1, 6) as HeadingLevel;
  const blocks: DocumentBlock[] = [{ kind: 'heading', level: top, text: copy.title }];
  const waves = [...workspace.waves].sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name));
  for (const part of copy.parts) {
    if (part.heading) blocks.push({ kind: 'heading', level: sub, text: part.heading });
    if (part.kind === 'waves') {
      blocks.push(waves.length ? { kind: 'list', items: waves.map(waveLine) } : { kind: 'paragraph', text: NO_WAVES_YET });
      continue;
    }
    const rendered = renderTemplate({ id: `copy-${copy.kind}`, subject: '', body: part.markdown }, values, { showMissing });
    // The email styles each element inline; pasted copy takes the styles of the page it goes into.
    blocks.push({ kind: 'rich', text: rendered.text, html: rendered.bodyHtml.replace(/ style="[^"]*"/g, ''), headingLevel: sub });
  }
  return { copy, blocks, missing: [...missing] };
}

/**
 * A piece of copy as template Markdown for an owner's task note: its title and part headings in
 * bold, the waves as the `((wave list))` value (or a sentence while there are none), so that the
 * note's values fill it and a wave's name can never add formatting.
 */
export function copyAsNoteMarkdown(copy: ChannelCopy, hasWaves: boolean): string {
  const parts = copy.parts.map((part) => {
    const heading = part.heading ? `**${part.heading}**\n\n` : '';
    if (part.kind === 'waves') return `${heading}${hasWaves ? '((wave list))' : NO_WAVES_YET}`;
    return `${heading}${part.markdown}`;
  });
  return [`## ${copy.title}`, ...parts].join('\n\n');
}

/** The key messages of a phase as parts, each under its own heading. */
export function keyMessageParts(workspace: Pick<Workspace, 'keyMessages'>, phase: PhaseId): CopyPart[] {
  return workspace.keyMessages
    .filter((message) => message.phase === phase)
    .map((message) => ({ kind: 'text', heading: message.heading, markdown: message.body }));
}

/**
 * The parts without their list items that give one of `placeholders` (a piece that lists the waves
 * or links the pack under its own heading says it once); a part left empty goes.
 */
export function withoutItemsGiving(parts: readonly CopyPart[], placeholders: readonly string[]): CopyPart[] {
  return parts.flatMap((part): CopyPart[] => {
    if (part.kind !== 'text') return [part];
    const lines = part.markdown
      .split('\n')
      .filter((line) => !(line.startsWith('- ') && placeholders.some((name) => line.includes(`((${name}))`))));
    const markdown = lines.join('\n').trim();
    return markdown ? [{ ...part, markdown }] : [];
  });
}

/** Where staff get help, in every piece. */
export const HELP_MARKDOWN = `- For help with your account, call the IT helpdesk on ((helpdesk phone)) or email ((helpdesk email)).
- For questions about the move itself, write to the project team at ((project team email)).`;

/** One thing staff are asked to do; `alsoIn` names the key message that already says it. */
export interface ToDoItem {
  markdown: string;
  alsoIn?: string;
}

/** What staff are asked to do at each phase, in our words. */
export const WHAT_TO_DO: Readonly<Record<PhaseId, readonly ToDoItem[]>> = {
  'raising-awareness': [
    { markdown: 'If you already have an NHSmail account, make sure you can still sign in to it.' },
    {
      markdown: 'Apart from that there is nothing to do yet. Look out for more news by email, on the intranet and in the staff newsletter.',
    },
  ],
  'actions-required': [
    {
      markdown:
        'Once the first wave has moved, check your NHSmail inbox as well as your ((org name)) one: colleagues who have moved reply to NHSmail.',
      alsoIn: 'What happens and when',
    },
    { markdown: 'If you already have an NHSmail account, make sure you can still sign in to it.', alsoIn: 'What happens and when' },
    {
      markdown:
        'Tidy your ((org name)) mailbox and your NHSmail account now, so that together they fit your NHSmail quota by ((quota deadline)).',
      alsoIn: 'What happens and when',
    },
    {
      markdown:
        'Write down who can open your mailbox and calendar, and what they can do in them: that access has to be given again once you are on NHSmail. Access already set up on an NHSmail account you have stays as it is.',
    },
  ],
  'pre-migration': [
    {
      markdown:
        'About three weeks before your wave, we email you your move date, and name anyone you share a calendar or mailbox with who moves on another weekend. About two weeks before your wave, we email you its dates and your clean-up deadline. If you are not sure which wave you are in, ask the IT helpdesk.',
    },
    {
      markdown: 'Before your move, read the security rules for patient information: ((security policy url)).',
      alsoIn: 'Timeline, security and the information pack',
    },
    { markdown: 'In the week you move, watch for a reminder email with what to do over that weekend.' },
  ],
  'post-migration': [
    { markdown: 'Sign in to NHSmail with your new username and password.' },
    { markdown: 'Set up your phone, tablet and Outlook again for NHSmail.' },
    { markdown: 'Ask for help if anything does not work.' },
  ],
};

/**
 * The "What to do" part of a phase, leaving out what a key message the piece quotes already says;
 * none when that leaves nothing.
 */
export function whatToDoParts(phase: PhaseId, quoted: readonly CopyPart[]): CopyPart[] {
  const headings = new Set(quoted.map((part) => part.heading));
  const items = WHAT_TO_DO[phase].filter((item) => !item.alsoIn || !headings.has(item.alsoIn));
  return items.length ? [{ kind: 'text', heading: 'What to do', markdown: items.map((item) => `- ${item.markdown}`).join('\n') }] : [];
}

export const INFORMATION_PACK_MARKDOWN =
  'Everything to do before and after your move is brought together in the information pack: ((information pack url)). Please read it before you move.';

/** The phase as the plan numbers and names it: `Phase 1, raising awareness`. */
export function phaseName(workspace: Pick<Workspace, 'phases'>, phase: PhaseId): string {
  const found = workspace.phases.find((candidate) => candidate.id === phase);
  return found ? `Phase ${found.number}, ${found.title.toLowerCase()}` : phase;
}
