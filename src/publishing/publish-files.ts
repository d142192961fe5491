import type { Workspace } from '../plan/workspace.js';
import { buildInformationPack } from './information-pack.js';
import { renderPdf } from './pdf-document.js';
import { buildPoster } from './poster.js';
import { renderPosterPdf } from './poster-pdf.js';
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

export async function informationPackPdf(
  workspace: Workspace,
  today: string,
  now: Date,
  pack = buildInformationPack(workspace, today),
): Promise<Buffer> {
  return renderPdf({ ...pack, author: workspace.organisation.name, subject: 'The move to NHSmail', createdAt: now });
}

/** The information pack as one HTML page and a PDF, from the same blocks. */
export async function informationPackFiles(workspace: Workspace, today: string, now: Date): Promise<Publication> {
  const pack = buildInformationPack(workspace, today);
  return {
    files: [
      {
        name: PACK_FILES.html,
        contentType: 'text/html; charset=utf-8',
        content: standalonePublishedHtml(pack, workspace.organisation.name),
      },
      { name: PACK_FILES.pdf, contentType: 'application/pdf', content: await informationPackPdf(workspace, today, now, pack) },
    ],
    missing: pack.missing,
    notes: workspace.waves.length ? [] : ['No waves are planned yet, so the pack has no move dates (commsplan waves add).'],
  };
}

export async function posterFiles(workspace: Workspace, now: Date): Promise<Publication> {
  const poster = buildPoster(workspace);
  return {
    files: [{ name: POSTER_FILE, contentType: 'application/pdf', content: await renderPosterPdf(poster, now) }],
    missing: poster.missing,
    notes: workspace.waves.length ? [] : ['No waves are planned yet, so the poster has no move dates (commsplan waves add).'],
  };
}
