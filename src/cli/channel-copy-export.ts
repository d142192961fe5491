import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toHtml } from '../plan-outputs/document-model.js';
import { STAFF_LIST_COLUMNS, staffListRows } from '../publishing/manager-briefing.js';
import { buildChannelCopy, type ChannelCopyPieces, readCopySources } from '../publishing/read-channel-copy.js';
import { csvLine } from '../shared/csv.js';
import { CommsplanError } from '../shared/errors.js';
import { type CliContext, type GlobalOptions, withOrganisation } from './cli-context.js';
import { outputFileError, writeOutputFile } from './output-file.js';

/** The `export` formats that write channel copy into a folder. */
export const CHANNEL_COPY_FORMATS = ['intranet', 'newsletter', 'briefing'] as const;
type ChannelCopyFormat = (typeof CHANNEL_COPY_FORMATS)[number];

export const isChannelCopyFormat = (format: string): format is ChannelCopyFormat =>
  (CHANNEL_COPY_FORMATS as readonly string[]).includes(format);

/** The files of one format: name and content. */
function filesOf(format: ChannelCopyFormat, pieces: ChannelCopyPieces): [string, string][] {
  switch (format) {
    case 'intranet':
      return pieces.intranet.map((page) => [`intranet-${page.phase}.html`, page.html]);
    case 'newsletter':
      return pieces.newsletter.flatMap((article): [string, string][] => [
        [`newsletter-${article.phase}.md`, article.markdown],
        [`newsletter-${article.phase}.html`, article.html],
      ]);
    case 'briefing': {
      const { briefing } = pieces;
      const rows = staffListRows(pieces.staffWithoutEmail);
      return [
        ['manager-briefing.html', toHtml(briefing.title, briefing.blocks)],
        ['manager-briefing.md', briefing.markdown],
        ...pieces.departmentBriefings.map(({ fileName, briefing: own }): [string, string] => [
          `manager-briefing-${fileName}.html`,
          toHtml(own.title, own.blocks),
        ]),
        ['staff-without-email.csv', [STAFF_LIST_COLUMNS, ...rows].map((row) => csvLine(row)).join('')],
      ];
    }
  }
}

const missingOf = (format: ChannelCopyFormat, pieces: ChannelCopyPieces): string[] => {
  const lists = { intranet: pieces.intranet, newsletter: pieces.newsletter, briefing: [pieces.briefing] }[format];
  return [...new Set(lists.flatMap((piece) => piece.missing))];
};

/** `export --format intranet|newsletter|briefing --out DIR`: writes each piece as a file in the folder. */
export async function exportChannelCopy(context: CliContext, options: GlobalOptions, format: ChannelCopyFormat, out?: string) {
  if (!out)
    throw new CommsplanError('invalid-input', `--format ${format} writes several files: name a folder for them with --out FOLDER.`, {
      field: 'out',
    });
  const sources = await withOrganisation(context, options, (store, organisation) => readCopySources(store, organisation, context.now()));
  const pieces = buildChannelCopy(sources);
  const folder = resolve(context.cwd, out);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw outputFileError(join(folder, 'x'), error);
  }
  const files = filesOf(format, pieces);
  if (files.length === 0) context.stdout.write(`The plan publishes nothing through the ${format}: no activity has that channel.\n`);
  for (const [name, content] of files) {
    writeOutputFile(join(folder, name), content);
    context.stdout.write(`Wrote ${join(folder, name)}\n`);
  }
  const missing = missingOf(format, pieces);
  if (missing.length)
    context.stderr.write(
      `Settings not filled yet, marked [not set: ...] in the copy: ${missing.join(', ')}. Fill them with: commsplan settings set KEY VALUE\n`,
    );
}
