import type { FastifyReply } from 'fastify';
import { londonDate } from '../../calendar/london-time.js';
import { buildInformationPack } from '../../publishing/information-pack.js';
import { informationPackFiles, PACK_FILES, POSTER_FILE, type Publication, posterFiles } from '../../publishing/publish-files.js';
import { publishedFragment } from '../../publishing/published-html.js';
import { roleCan } from '../role-can.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';

/** The pack as staff will read it, inside the app, with its downloads and what a draft still lacks. */
export const showInformationPack: PageHandler = async (request, reply, web) => {
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  const pack = buildInformationPack(workspace, londonDate(web.now()));
  return reply.page('information-pack.njk', {
    pageTitle: 'Information pack',
    packHtml: publishedFragment(pack, { nested: true }),
    missing: pack.missing,
    noWaves: workspace.waves.length === 0,
    packUrl: workspace.settings['information-pack-url'] ?? '',
    // The settings' forms are an editor's: others read their names without a link they could not open.
    canEdit: roleCan(request, 'editor'),
  });
};

async function sendFile(reply: FastifyReply, publication: Publication, name: string) {
  const file = publication.files.find((f) => f.name === name);
  if (!file) throw new Error(`no file ${name} in the publication`);
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.name}"`)
    .header('cache-control', 'no-store')
    .send(file.content);
}

const packFile = async (web: WebContext, format: keyof typeof PACK_FILES) => {
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  return informationPackFiles(workspace, londonDate(web.now()), web.now(), format);
};

export const downloadPackPdf: PageHandler = async (_request, reply, web) => sendFile(reply, await packFile(web, 'pdf'), PACK_FILES.pdf);

export const downloadPackHtml: PageHandler = async (_request, reply, web) => sendFile(reply, await packFile(web, 'html'), PACK_FILES.html);

export const downloadPoster: PageHandler = async (_request, reply, web) => {
  const { workspace } = await workspaceSnapshot(web.store, web.organisation.id);
  return sendFile(reply, await posterFiles(workspace, web.now()), POSTER_FILE);
};
