import { ERROR_PAGES, sendErrorPage } from '../error-pages.js';
import { NAV_GROUPS } from '../navigation.js';
import type { PageHandler } from '../web-context.js';

/** A group of the header menu: its pages, as the person's role allows them (layout-context.ts works them out). */
export const showMenu: PageHandler = async (request, reply) => {
  const { group } = request.params as { group: string };
  const known = NAV_GROUPS.find((g) => g.id === group);
  if (!known) return sendErrorPage(reply, ERROR_PAGES.notFound);
  return reply.page('menu.njk', { pageTitle: known.label });
};
