import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeopleListName } from '../src/audiences/people-lists.js';
import { refreshCountsInBackground } from '../src/web/audience-count-refresher.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { at, FORMULA_NAME, importPeopleFixture, importRows } from './support/people-fixtures.js';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';

/**
 * The lists behind the counts, on the web: everyone current and each count `audiences` shows
 * apart, the staff-list rows no mailbox was found for, and the names that lost letters; each as
 * a page and as a CSV download.
 */

/** The cells of the page's list, a row each; the lines of a cell joined by " | ". */
function tableRows(html: string): string[][] {
  const body = /<table class="nhsuk-table" data-testid="list">[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
    [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell = '']) => decode(cell.replaceAll('<br>', ' | '))),
  );
}

const decode = (html: string) =>
  html.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** A CSV as csvLine writes it: a quoted cell may hold commas and doubled quotes; lines end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') cell += text[++i];
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function csvOf(client: WebClient, path: string): Promise<string[][]> {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/csv');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z-]+\.csv"$/);
  return parseCsv(response.html);
}

let site: TestSite;
let viewer: WebClient;
beforeAll(async () => {
  site = await startTestSite();
  await importPeopleFixture(site);
  await refreshCountsInBackground({ ...site, now: () => FIXED_NOW });
  viewer = await site.client('viewer');
});
afterAll(async () => site?.close());

/** Who each list holds, worked out from the fixture's files: by address, or by name for staff with none. */
const EXPECTED: Record<PeopleListName, string[]> = {
  // Priya's and Łukasz's blank-address rows fit their mailboxes; the contractors are people too.
  current: ['ann.lee', 'kim.agency', 'locum.lee', 'lukasz.nowak', 'nina.ross', 'priya.shah'].map(at),
  'not-on-staff-list': ['kim.agency', 'locum.lee'].map(at),
  'no-address': ['Amir Khan'],
  'outside-domains': ['jo.bloggs@gmail.com'],
  'not-current': ['dan.old', 'sam.jones'].map(at),
  'not-getting-nhsmail': [at('nina.ross')],
  'mailboxes-not-people': [at('ward7.rota')],
};

describe('the people lists', () => {
  it.each(Object.entries(EXPECTED))('lists exactly the right people as %s, on the page and in its CSV', async (list, who) => {
    const page = await viewer.get(`/people?list=${list}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`>${who.length} ${who.length === 1 ? 'person' : 'people'}</p>`);
    expect(page.html).toContain(`href="/people/csv?list=${list}"`);
    const [header, ...rows] = await csvOf(viewer, `/people/csv?list=${list}`);
    expect(header).toEqual(['email', 'name', 'local address', 'staff-list address', 'NHSmail address', 'employee number', 'why']);
    expect(rows.map(([email, name]) => email || name)).toEqual(who);
    // The page shows the same people, in the same order, with their addresses, number and why.
    const shown = tableRows(page.html);
    expect(shown.map(([name]) => name)).toEqual(rows.map(([, name]) => name?.replace(/^'=/, '=')));
    for (const [i, [email = '', , , , , number = '', why = '']] of rows.entries()) {
      expect(shown[i]?.[1]).toContain(email);
      expect(shown[i]?.slice(2)).toEqual([number, why]);
    }
  });

  it('says why a blank-address row is on the list of everyone current, and gives the mailbox its employee number', async () => {
    const rows = tableRows((await viewer.get('/people')).html);
    expect(rows.find(([, addresses]) => addresses?.startsWith(at('priya.shah')))?.slice(2)).toEqual([
      '1002',
      'staff-list row with no work address, matched to this mailbox by name',
    ]);
  });

  it('neutralises a name a spreadsheet would run as a formula in the CSV, and escapes it on the page', async () => {
    const [, ...rows] = await csvOf(viewer, '/people/csv?list=not-on-staff-list');
    expect(rows.find(([email]) => email === at('locum.lee'))?.[1]).toBe(`'${FORMULA_NAME}`);
    const page = await viewer.get('/people?list=not-on-staff-list');
    expect(page.html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;Lee&quot;)');
  });

  it('links the staff with no address to why each was not matched', async () => {
    expect((await viewer.get('/people?list=no-address')).html).toContain('href="/people/unmatched"');
  });

  it('answers a list that does not exist with a clear page, never an error of the server', async () => {
    for (const path of ['/people?list=leavers', '/people/csv?list=leavers', '/people?list=', '/people?list=a&list=b']) {
      const { status, html } = await viewer.get(path);
      expect(status, path).toBe(404);
      expect(html).toContain('There is no list of people called');
      expect(html).toContain(
        'The lists are: current, not-on-staff-list, no-address, outside-domains, not-current, not-getting-nhsmail, mailboxes-not-people.',
      );
    }
    const { html } = await viewer.get('/people?list=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('refuses a page of a list that is not there', async () => {
    for (const page of ['0', '2', 'two', '-1']) {
      const { status, html } = await viewer.get(`/people?page=${page}`);
      expect(status, page).toBe(400);
      expect(html).toContain(`There is no page &quot;${page}&quot; of this list: it has one page.`);
    }
  });

  it('lets no one signed out see them', async () => {
    const anonymous = await site.client();
    for (const path of ['/people', '/people/csv', '/people/unmatched/csv', '/people/lost-letters/csv'])
      expect((await anonymous.get(path)).status, path).not.toBe(200);
  });
});

describe('the staff-list rows no mailbox was found for', () => {
  it('lists them with why and the mailboxes that fit, on the page and in its CSV', async () => {
    const page = await viewer.get('/people/unmatched');
    expect(page.status).toBe(200);
    expect(page.html).toContain('2 staff-list rows with no work email address have no mailbox found for them');
    const expected = [
      ['Amir Khan', '1003', 'fits no mailbox by employee number or name', ''],
      ['Jo Bloggs', '1007', 'fits no mailbox by employee number or name', ''],
    ];
    expect(tableRows(page.html)).toEqual(expected);
    expect(await csvOf(viewer, '/people/unmatched/csv')).toEqual([['name', 'employee number', 'why', 'mailboxes that fit'], ...expected]);
  });
});

describe('the names that lost letters', () => {
  it('lists them, on the page and in its CSV', async () => {
    const page = await viewer.get('/people/lost-letters');
    expect(page.status).toBe(200);
    expect(page.html).toContain('1 imported row with &quot;?&quot; in place of a letter.');
    const expected = [['?ukasz Nowak', '1004', 'staff list, no address', 'first name']];
    expect(tableRows(page.html)).toEqual(expected);
    expect(await csvOf(viewer, '/people/lost-letters/csv')).toEqual([
      ['Name as imported', 'Address', 'Import', 'Lost letters in'],
      ...expected,
    ]);
  });

  it('is linked from the dashboard’s warning about them', async () => {
    expect((await viewer.get('/')).html).toContain('<a href="/people/lost-letters">See the names</a>');
  });
});

describe('the audiences page', () => {
  it('links each line shown apart to its list, in the words of commsplan audiences', async () => {
    const { html } = await viewer.get('/audiences');
    const lines = [...(/data-testid="apart">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, li]) => li);
    expect(lines).toEqual([
      '<a href="/people?list=not-current">1 person with a disabled mailbox account: in no audience</a>',
      '<a href="/people?list=not-current">1 person who have left (leaving date passed): in no audience</a>',
      '<a href="/people?list=not-on-staff-list">2 people with a mailbox not on the staff list: in every audience they fit (see commsplan people --not-on-staff-list)</a>',
      '<a href="/people?list=no-address">1 member of staff with no address and no mailbox found for them: counted, never emailed (see commsplan people unmatched)</a>',
      '<a href="/people?list=not-getting-nhsmail">1 person not getting NHSmail: in all-staff only</a>',
      '<a href="/people?list=outside-domains">1 address outside the organisation&#39;s domains: not emailed unless allow-outside-domains is yes</a>',
      '1 shared mailbox: not people, in no audience',
    ]);
  });

  it('links the unmatched rows and the names that lost letters when there are any', async () => {
    const { html } = await viewer.get('/audiences');
    expect(html).toContain('<a href="/people/unmatched">2 staff-list rows with no work email address that no mailbox was found for</a>');
    expect(html).toContain('<a href="/people/lost-letters">1 imported name with &quot;?&quot; in place of a letter</a>');
  });
});

describe('a list longer than a page', () => {
  let big: TestSite;
  let client: WebClient;
  beforeAll(async () => {
    big = await startTestSite();
    const mailboxes = Array.from({ length: 450 }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      return [at(`person.${n}`), `Person ${n}`, 'UserMailbox', 'False'];
    });
    await importRows(
      big,
      'mailboxes.csv',
      [['PrimarySmtpAddress', 'DisplayName', 'RecipientTypeDetails', 'AccountDisabled'], ...mailboxes],
      'powershell',
    );
    await refreshCountsInBackground({ ...big, now: () => FIXED_NOW });
    client = await big.client('viewer');
  });
  afterAll(async () => big?.close());

  it('shows 200 a page with links to the next and previous, and has everyone in the CSV', async () => {
    const first = await client.get('/people');
    expect(first.html).toContain('450 people');
    expect(first.html).toContain('Showing 1 to 200 of 450. Download the CSV for all of them.');
    expect(tableRows(first.html)).toHaveLength(200);
    expect(tableRows(first.html)[0]?.[0]).toBe('Person 001');
    expect(first.html).toContain('href="/people?list=current&amp;page=2"');
    expect(first.html).not.toContain('rel="prev"');

    const last = await client.get('/people?page=3');
    expect(last.html).toContain('Showing 401 to 450 of 450.');
    expect(tableRows(last.html).map(([name]) => name)).toEqual(Array.from({ length: 50 }, (_, i) => `Person ${i + 401}`));
    expect(last.html).toContain('href="/people?list=current&amp;page=2"');
    expect(last.html).not.toContain('rel="next"');

    expect((await client.get('/people?page=4')).status).toBe(400);
    expect(await csvOf(client, '/people/csv')).toHaveLength(451);
  });

  it('keeps the list in the address of its other pages', async () => {
    const page = await client.get('/people?list=current&page=2');
    expect(page.html).toContain('href="/people?list=current" rel="prev"');
    expect(page.html).toContain('href="/people?list=current&amp;page=3"');
  });

  it('shows no links to lists to put right when there is nothing to put right', async () => {
    expect((await client.get('/audiences')).html).not.toContain('data-testid="put-right"');
  });
});
