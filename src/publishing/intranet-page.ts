import type { PhaseId } from '../plan/plan-model.js';
import { type HeadingLevel, toHtmlFragment } from '../plan-outputs/document-model.js';
import { AUDIENCE_SECTIONS, GOOD_TO_KNOW_FOR_EVERYONE } from './actions-copy.js';
import {
  type ChannelCopy,
  COPY_CHANNELS,
  type CopyPart,
  type CopyWorkspace,
  fillCopy,
  HELP_MARKDOWN,
  INFORMATION_PACK_MARKDOWN,
  keyMessageParts,
  phaseName,
  phasesWithChannel,
  whatToDoParts,
  withoutItemsGiving,
} from './channel-copy.js';

/** What each phase's intranet page opens with, in our words. */
const OPENING: Readonly<Record<PhaseId, { title: string; lead: string }>> = {
  'raising-awareness': {
    title: 'Moving to NHSmail: what it means for you',
    lead: 'This page explains the move of our email to NHSmail: what it is, what it brings and when it happens. We will add to it as the move goes on.',
  },
  'actions-required': {
    title: 'Moving to NHSmail: what to do now',
    lead: 'The move to NHSmail is getting closer. Here is what changes for you, what to do before your move and where to get help.',
  },
  'pre-migration': {
    title: 'Moving to NHSmail: your wave and the information pack',
    lead: 'Every wave now has its dates. Find yours below, read the information pack and keep to the security rules.',
  },
  'post-migration': {
    title: 'NHSmail is here: what to do next',
    lead: 'Your mailbox has moved to NHSmail. Here is how to settle in and where to get help.',
  },
};

/**
 * The intranet page of a phase: what is happening, every wave with its dates, what to do, where to
 * get help, the pack; in phase 2 also a section for each audience of a targeted message. The page
 * lists the waves and links the pack under headings of their own, so a key message's line that
 * gives them is left out, and so is a step a key message already asks for.
 */
export function intranetPageCopy(workspace: CopyWorkspace, phase: PhaseId): ChannelCopy {
  const opening = OPENING[phase];
  const messages = withoutItemsGiving(keyMessageParts(workspace, phase), ['wave list', 'information pack url']);
  const actions: CopyPart[] =
    phase === 'actions-required'
      ? [{ kind: 'text', heading: 'Good to know', markdown: GOOD_TO_KNOW_FOR_EVERYONE }, ...AUDIENCE_SECTIONS]
      : [];
  return {
    kind: 'intranet',
    phase,
    title: opening.title,
    parts: [
      { kind: 'text', markdown: opening.lead },
      ...messages,
      { kind: 'waves', heading: 'When each wave moves' },
      ...whatToDoParts(phase, messages),
      ...actions,
      { kind: 'text', heading: 'Where to get help', markdown: HELP_MARKDOWN },
      { kind: 'text', heading: 'The information pack', markdown: INFORMATION_PACK_MARKDOWN },
    ],
  };
}

/** The phases whose activities publish on the intranet (the migration page or the front page). */
export const intranetPhases = (workspace: CopyWorkspace) => phasesWithChannel(workspace, COPY_CHANNELS.intranet);

/** An intranet page, filled, as an HTML fragment to paste into the intranet: its title an `<h2>`, no scripts or styles. */
export interface IntranetPage {
  phase: PhaseId;
  /** `Phase 1, raising awareness` */
  phaseName: string;
  title: string;
  html: string;
  missing: string[];
}

/** The pages, their titles at `top` (an `<h2>` to paste; lower to show one inside another page). */
export function buildIntranetPages(workspace: CopyWorkspace, top: HeadingLevel = 2): IntranetPage[] {
  return intranetPhases(workspace).map((phase) => {
    const filled = fillCopy(workspace, intranetPageCopy(workspace, phase), top);
    return {
      phase,
      phaseName: phaseName(workspace, phase),
      title: filled.copy.title,
      html: toHtmlFragment(filled.blocks),
      missing: filled.missing,
    };
  });
}
