import { CommsplanError } from '../../shared/errors.js';
import { BROKEN_LINK_COLUMNS, brokenLinkCsvRow } from '../../waves/broken-links.js';
import { rosterFile, rosterFormat } from '../../waves/roster-content.js';
import { waveOverview, waveRoster } from '../../waves/wave-overview.js';
import { listWaves } from '../../waves/waves.store.js';
import { queryField } from '../form-fields.js';
import type { PageHandler } from '../web-context.js';
import { sendCsv } from './list-pages.js';

const fileNamePart = (name: string) => name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '') || 'wave';

/** `waves roster NAME --csv`: a migration batch's file (EmailAddress), or MigrationWiz's with `?format=migrationwiz`. */
export const downloadRoster: PageHandler = async (request, reply, web) => {
  const id = Number((request.params as { id: string }).id);
  const wave = (await listWaves(web.store.db, web.organisation.id)).find((w) => w.id === id);
  if (!wave) throw new CommsplanError('unknown-wave', 'There is no such wave. The waves page lists every wave.');
  const format = rosterFormat(queryField(request, 'format') || 'batch');
  const { entries } = await waveRoster(web.store, web.organisation, wave.name, web.now());
  const file = rosterFile(format, entries);
  return sendCsv(reply, `${fileNamePart(wave.name)}-${format}.csv`, file.header, file.rows);
};

/** `waves broken-links --csv`: every right whose two sides move on different weekends, strongest first. */
export const downloadBrokenLinks: PageHandler = async (_request, reply, web) => {
  const { brokenLinks, names } = await waveOverview(web.store, web.organisation, web.now());
  return sendCsv(
    reply,
    'broken-links.csv',
    BROKEN_LINK_COLUMNS,
    brokenLinks.map((link) => brokenLinkCsvRow(link, names)),
  );
};
