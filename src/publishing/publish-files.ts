import type { Workspace } from '../plan/workspace.js';
import { buildInformationPack } from './information-pack.js';
import { renderPdf } from './pdf-document.js';
import { buildPoster } from './poster.js';
import { renderPosterPdf } from './poster-pdf.js';
import type { PublishedDocument } from './published-document.js';
import { standalonePublishedHtml } from './published-html.js';
import type { MissingSetting } from './published-values.js';

export interface PublishedFile {
  name: string;
  contentType: string;
  content: string | Buffer;
}

export interface Publication {
  files: PublishedFile[];
  missing: MissingSetting[];
  /** What a draft still lacks, beyond settings (no waves yet, say); empty when ready. */
  notes: string[];
}

export const PACK_FILES = { html: 'information-pack.html', pdf: 'information-pack.pdf' } as const;
export const POSTER_FILE = 'poster.pdf';

function packHtmlFile(workspace: Workspace, pack: PublishedDocument): PublishedFile {
  return {
    name: PACK_FILES.html,
    contentType: 'text/html; charset=utf-8',
    content: standalonePublishedHtml(pack, workspace.organisation.name),
  };
}

async function packPdfFile(workspace: Workspace, pack: PublishedDocument, now: Date): Promise<PublishedFile> {
  const content = await renderPdf({ ...pack, author: workspace.organisation.name, subject: 'The move to NHSmail', createdAt: now });
  return { name: PACK_FILES.pdf, contentType: 'application/pdf', content };
}

const packNotes = (workspace: Workspace, what: string) =>
  workspace.waves.length ? [] : [`No waves are planned yet, so the ${what} has no move dates (commsplan waves add).`];

/**
 * The information pack as one HTML page and a PDF, from the same blocks; `only` makes just one
 * of them (a web download needs one).
 */
export async function informationPackFiles(
  workspace: Workspace,
  today: string,
  now: Date,
  only?: keyof typeof PACK_FILES,
): Promise<Publication> {
  const pack = buildInformationPack(workspace, today);
  const files = [
    ...(only === 'pdf' ? [] : [packHtmlFile(workspace, pack)]),
    ...(only === 'html' ? [] : [await packPdfFile(workspace, pack, now)]),
  ];
  return { files, missing: pack.missing, notes: packNotes(workspace, 'pack') };
}

export async function posterFiles(workspace: Workspace, now: Date): Promise<Publication> {
  const poster = buildPoster(workspace);
  return {
    files: [{ name: POSTER_FILE, contentType: 'application/pdf', content: await renderPosterPdf(poster, now) }],
    missing: poster.missing,
    notes: packNotes(workspace, 'poster'),
  };
}
