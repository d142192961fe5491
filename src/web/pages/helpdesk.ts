import { londonDate } from '../../calendar/london-time.js';
import { type HelpdeskEntry, helpdeskList } from '../../results/helpdesk-list.js';
import { plural } from '../../shared/plural.js';
import { keptWhileUnchanged } from '../kept-while-unchanged.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { sendCsv } from './list-pages.js';

/** The columns of `commsplan waves helpdesk --csv`, and of the download here. */
const COLUMNS = ['Person', 'Failed in', 'Why'];
const csvRow = (entry: HelpdeskEntry) => [entry.person, entry.waves.join(', '), entry.why];

const WHY_WORDS: Record<HelpdeskEntry['why'], string> = {
  'failed twice': 'Their move failed twice',
  'no wave left': 'Their move failed and no later wave is left',
};

const entriesOf = (web: WebContext) =>
  keptWhileUnchanged(web.store, `helpdesk/${web.organisation.id}/${londonDate(web.now())}`, () =>
    helpdeskList(web.store, web.organisation, web.now()),
  );

/** The people of each wave (the last one their move failed in) that the helpdesk moves by hand. */
function byLastWave(entries: readonly HelpdeskEntry[]) {
  const waves = new Map<string, HelpdeskEntry[]>();
  for (const entry of entries) {
    const wave = entry.waves.at(-1) || 'No wave';
    waves.set(wave, [...(waves.get(wave) ?? []), entry]);
  }
  return [...waves].map(([wave, people]) => ({
    wave,
    count: plural(people.length, 'person', 'people'),
    people: people.map((entry) => ({ person: entry.person, failedIn: entry.waves.join(', '), why: WHY_WORDS[entry.why] })),
  }));
}

/** `commsplan waves helpdesk`: whose move failed twice, or failed with no wave left, wave by wave. */
export const showHelpdeskList: PageHandler = async (_request, reply, web) => {
  const entries = await entriesOf(web);
  return reply.page('helpdesk.njk', {
    pageTitle: 'Helpdesk list',
    total: plural(entries.length, 'person', 'people'),
    waves: byLastWave(entries),
  });
};

export const downloadHelpdeskList: PageHandler = async (_request, reply, web) =>
  sendCsv(reply, 'helpdesk-list.csv', COLUMNS, (await entriesOf(web)).map(csvRow));
