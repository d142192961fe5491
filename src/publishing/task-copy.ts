import type { Activity, Channel, PhaseId } from '../plan/plan-model.js';
import type { TaskCopy } from '../plan/task-templates.js';
import { type ChannelCopy, type CopyKind, type CopyWorkspace, copyAsNoteMarkdown } from './channel-copy.js';
import { intranetPageCopy } from './intranet-page.js';
import { managerBriefingCopy } from './manager-briefing.js';
import { newsletterArticleCopy } from './newsletter-article.js';

/** Where the comms lead finds every piece in commsplan: the web page, and the export command. */
export const COPY_PAGE_PATH = '/copy';
const exportCommand = (format: string) => `commsplan export --format ${format} --out FOLDER`;

/** What a note says about a channel whose copy is a file, not words to paste. */
const FILE_POINTERS: Partial<Record<Channel, string>> = {
  poster: `- **Posters and banner stands:** commsplan makes the A4 poster as a PDF, with the key dates and the intranet address: ${exportCommand('poster')}`,
  'banner-stand': `- **Posters and banner stands:** commsplan makes the A4 poster as a PDF, with the key dates and the intranet address: ${exportCommand('poster')}`,
  'information-pack': `- **The information pack:** commsplan makes it as a web page and a PDF from the plan and our details: ${exportCommand('pack')}`,
};

const INTRANET_POINTER = `- **Intranet:** the page below is also ready as HTML to paste into the intranet's editor, on the Channel copy page of commsplan (${COPY_PAGE_PATH}) or from: ${exportCommand('intranet')}`;
const BRIEFING_POINTER = `- **Team briefing:** the list of staff with no email address, by department, goes with the briefing below, on the Channel copy page of commsplan (${COPY_PAGE_PATH}) or from: ${exportCommand('briefing')}`;

/** The piece of copy a channel's task carries: words (intranet, newsletter, briefing), a file commsplan makes, or none. */
export function copyKindOf(channel: Channel): CopyKind | 'poster' | 'information-pack' | undefined {
  if (channel === 'intranet-page' || channel === 'intranet-front-page') return 'intranet';
  if (channel === 'newsletter' || channel === 'briefing') return channel;
  if (channel === 'poster' || channel === 'banner-stand') return 'poster';
  if (channel === 'information-pack') return 'information-pack';
  return undefined;
}

/**
 * The copy an owner's note carries for the tasks it lists (ADR 0009): the intranet page,
 * newsletter article and managers' briefing of each listed activity's phase, once each, as template
 * text the note's values fill when it is sent; for posters and the information pack, which are
 * files, the command that makes them. An intranet page repeats its phase's key messages in full,
 * so the note does not list them again.
 */
export function taskCopyFor(workspace: CopyWorkspace): TaskCopy {
  return (activities: readonly Activity[]) => {
    const pieces = new Map<string, ChannelCopy>();
    const pointers = new Set<string>();
    const add = (copy: ChannelCopy) => pieces.set(`${copy.kind}:${copy.phase ?? ''}`, copy);
    for (const activity of activities)
      for (const channel of activity.channels) {
        const kind = copyKindOf(channel);
        if (kind === 'intranet') {
          add(intranetPageCopy(workspace, activity.phase));
          pointers.add(INTRANET_POINTER);
        } else if (kind === 'newsletter') add(newsletterArticleCopy(workspace, activity.phase));
        else if (kind === 'briefing') {
          add(managerBriefingCopy());
          pointers.add(BRIEFING_POINTER);
        } else if (FILE_POINTERS[channel]) pointers.add(FILE_POINTERS[channel]);
      }
    if (pieces.size === 0 && pointers.size === 0) return undefined;
    const hasWaves = workspace.waves.length > 0;
    const covered: PhaseId[] = [...pieces.values()].flatMap((copy) => (copy.kind === 'intranet' && copy.phase ? [copy.phase] : []));
    const intro = pieces.size
      ? 'Below is the copy to publish, written from the plan and filled in with our details and the dates of every wave as they stood when this note was sent. Publish it as it is or adapt it.'
      : 'These are files commsplan makes for you.';
    return {
      markdown: [
        `## The copy to publish\n\n${intro}`,
        [...pointers].join('\n'),
        ...[...pieces.values()].map((copy) => copyAsNoteMarkdown(copy, hasWaves)),
      ]
        .filter(Boolean)
        .join('\n\n'),
      phasesCovered: covered,
    };
  };
}
