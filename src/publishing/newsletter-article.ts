import type { PhaseId } from '../plan/plan-model.js';
import { type HeadingLevel, toHtmlFragment, toMarkdown } from '../plan-outputs/document-model.js';
import { GOOD_TO_KNOW_FOR_EVERYONE, GOOD_TO_KNOW_IN_SHORT } from './actions-copy.js';
import {
  type ChannelCopy,
  COPY_CHANNELS,
  type CopyWorkspace,
  fillCopy,
  HELP_MARKDOWN,
  INFORMATION_PACK_MARKDOWN,
  keyMessageParts,
  phaseName,
  phasesWithChannel,
  whatToDoParts,
} from './channel-copy.js';

/** Each phase's headline and opening paragraph, in our words. */
const OPENING: Readonly<Record<PhaseId, { title: string; lead: string }>> = {
  'raising-awareness': {
    title: 'Our email is moving to NHSmail',
    lead: '((org name)) is moving all staff email to NHSmail, the national email service for the NHS. Here is what that means for you and when it happens.',
  },
  'actions-required': {
    title: 'NHSmail: a few things to do before you move',
    lead: 'The move to NHSmail starts on ((first wave date)). A little preparation now makes your own move go smoothly.',
  },
  'pre-migration': {
    title: 'NHSmail: find your wave',
    lead: 'Every wave of the move to NHSmail now has its dates, and the information pack is ready to read.',
  },
  'post-migration': {
    title: 'NHSmail: settling in',
    lead: 'More of us are on NHSmail every week. Here is what to do once you have moved.',
  },
};

/**
 * The key message an article quotes, by its heading: the one that says what the article's
 * "What to do" does not already say. None in phase 3, whose one message repeats the waves.
 */
const QUOTED_MESSAGE: Readonly<Record<PhaseId, string | null>> = {
  'raising-awareness': 'We are moving to NHSmail',
  'actions-required': 'What changes for you',
  'pre-migration': null,
  'post-migration': 'NHSmail is here',
};

/** The key message an article quotes: the one named above, else the phase's first (a plan with other key messages). */
function quotedMessage(workspace: CopyWorkspace, phase: PhaseId) {
  const heading = QUOTED_MESSAGE[phase];
  if (heading === null) return undefined;
  const parts = keyMessageParts(workspace, phase);
  return parts.find((part) => part.heading === heading) ?? parts[0];
}

/** The newsletter article of a phase: a headline, one key message of the phase, the waves, what to do and where to find more. */
export function newsletterArticleCopy(workspace: CopyWorkspace, phase: PhaseId): ChannelCopy {
  const opening = OPENING[phase];
  const firstMessage = quotedMessage(workspace, phase);
  return {
    kind: 'newsletter',
    phase,
    title: opening.title,
    parts: [
      { kind: 'text', markdown: opening.lead },
      ...(firstMessage ? [firstMessage] : []),
      { kind: 'waves', heading: 'When each wave moves' },
      ...whatToDoParts(phase, firstMessage ? [firstMessage] : []),
      ...(phase === 'actions-required'
        ? [{ kind: 'text' as const, heading: 'Good to know', markdown: `${GOOD_TO_KNOW_FOR_EVERYONE}\n${GOOD_TO_KNOW_IN_SHORT}` }]
        : []),
      {
        kind: 'text',
        heading: 'Find out more',
        markdown: `- The intranet page about the move: ((local guidance url)).\n- ${INFORMATION_PACK_MARKDOWN}\n${HELP_MARKDOWN}`,
      },
    ],
  };
}

export const newsletterPhases = (workspace: CopyWorkspace) => phasesWithChannel(workspace, COPY_CHANNELS.newsletter);

/** A newsletter article, filled: as Markdown (plain text that reads well as it is) and as an HTML fragment. */
export interface NewsletterArticle {
  phase: PhaseId;
  phaseName: string;
  title: string;
  markdown: string;
  html: string;
  missing: string[];
}

export function buildNewsletterArticles(workspace: CopyWorkspace, top: HeadingLevel = 2): NewsletterArticle[] {
  return newsletterPhases(workspace).map((phase) => {
    const filled = fillCopy(workspace, newsletterArticleCopy(workspace, phase), top);
    return {
      phase,
      phaseName: phaseName(workspace, phase),
      title: filled.copy.title,
      markdown: toMarkdown(filled.blocks),
      html: toHtmlFragment(filled.blocks),
      missing: filled.missing,
    };
  });
}
