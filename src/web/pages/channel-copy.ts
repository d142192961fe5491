import { londonDate } from '../../calendar/london-time.js';
import { toHtml } from '../../plan-outputs/document-model.js';
import { STAFF_LIST_COLUMNS, staffListRows } from '../../publishing/manager-briefing.js';
import { buildChannelCopy, readCopySources } from '../../publishing/read-channel-copy.js';
import { plural } from '../../shared/plural.js';
import { keptWhileUnchanged } from '../kept-while-unchanged.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { sendCsv } from './list-pages.js';

const sourcesFor = (web: WebContext) =>
  keptWhileUnchanged(web.store, `copy/${web.organisation.id}/${londonDate(web.now())}`, () =>
    readCopySources(web.store, web.organisation, web.now()),
  );

/**
 * The copy for every channel commsplan does not send itself: each intranet page as HTML
 * to copy and as a preview, each newsletter article as text and a preview, and the managers'
 * briefing. The previews sit under the page's own headings (their titles at `<h4>`); the HTML to
 * copy starts at `<h2>`, as it goes into a page of its own.
 */
export const showChannelCopy: PageHandler = async (_request, reply, web) => {
  const sources = await sourcesFor(web);
  const toCopy = buildChannelCopy(sources, 2);
  const preview = buildChannelCopy(sources, 4);
  const missing = [...toCopy.intranet, ...toCopy.newsletter, toCopy.briefing].flatMap((piece) => piece.missing);
  return reply.page('channel-copy.njk', {
    pageTitle: 'Channel copy',
    missing: [...new Set(missing)],
    intranet: toCopy.intranet.map((page, i) => ({ ...page, id: `intranet-${page.phase}`, preview: preview.intranet[i]?.html })),
    newsletter: toCopy.newsletter.map((article, i) => ({
      ...article,
      id: `newsletter-${article.phase}`,
      preview: preview.newsletter[i]?.html,
    })),
    briefing: { title: toCopy.briefing.title, preview: preview.briefing.html },
    staffCount: plural(sources.staffWithoutEmail.length, 'member', 'members'),
  });
};

/** The briefing as a page of its own, to print or send to managers. */
export const downloadManagerBriefing: PageHandler = async (_request, reply, web) => {
  const { briefing } = buildChannelCopy(await sourcesFor(web));
  return reply
    .type('text/html; charset=utf-8')
    .header('content-disposition', 'attachment; filename="manager-briefing.html"')
    .header('cache-control', 'no-store')
    .send(toHtml(briefing.title, briefing.blocks));
};

export const downloadStaffWithoutEmail: PageHandler = async (_request, reply, web) => {
  const { staffWithoutEmail } = await sourcesFor(web);
  return sendCsv(reply, 'staff-without-email.csv', STAFF_LIST_COLUMNS, staffListRows(staffWithoutEmail));
};
