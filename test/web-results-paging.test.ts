import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWaves } from '../src/waves/waves.store.js';
import { MESSAGES_PAGE_SIZE } from '../src/web/pages/occurrence-messages.js';
import { RESULTS_PAGE_SIZE } from '../src/web/pages/wave-results.js';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';
import { importStaff } from './support/web-plan-fixtures.js';

/**
 * A wave's results and the messages behind a report's count, 50 rows a page as the mail page is,
 * with all of them as a CSV download that a spreadsheet opens safely (issue 20).
 */
const PEOPLE = RESULTS_PAGE_SIZE + 7;
const MESSAGES = MESSAGES_PAGE_SIZE + 3;
/** Rows of the page's table, its heading row left out. */
const rowsOf = (html: string) => (html.match(/<tr class="nhsuk-table__row"[ >]/g)?.length ?? 1) - 1;
const pad = (i: number) => String(i).padStart(3, '0');

let site: TestSite;
let viewer: WebClient;
let wave1: number;
let occurrence: string;
beforeAll(async () => {
  site = await startTestSite();
  // One person's first name is a spreadsheet formula: the downloads must not let it run.
  await importStaff(
    site,
    Array.from({ length: PEOPLE }, (_, i) => ({
      number: `20${pad(i)}999`,
      first: i === 0 ? '=HYPERLINK("http://evil.example","click")' : `Person${pad(i)}`,
      last: 'Tester',
      email: `person${pad(i)}@northmoor-valley.example`,
      wave: 'Wave 1',
    })),
  );
  const { db } = site.store;
  const orgId = site.organisation.id;
  wave1 = (await listWaves(db, orgId)).find((w) => w.name === 'Wave 1')?.id as number;
  occurrence = `welcome@${wave1}`;
  for (let i = 0; i < MESSAGES; i++)
    await db
      .insertInto('outbox')
      .values({
        org_id: orgId,
        message_key: `message-${pad(i)}`,
        occurrence_key: occurrence,
        recipient: i === 0 ? '=cmd|calc!A1' : `p${pad(i)}@example.nhs.uk`,
        person_email: `p${pad(i)}@example.nhs.uk`,
        template_id: 't',
        template_version: 'v',
        sender_name: 's',
        fields_json: '{}',
        state: 'failed',
        not_before: `2027-03-06T09:${pad(i).slice(1)}:00.000Z`,
        lease_owner: null,
        lease_until: null,
        last_error: 'Mailbox full',
        sent_at: null,
        created_at: '2027-03-06T08:00:00.000Z',
      })
      .execute();
  viewer = await site.client('viewer');
}, 60_000);
afterAll(async () => site?.close());

describe("a wave's results", () => {
  it('shows 50 people a page, with the pager to the next and back', async () => {
    const first = await viewer.get(`/waves/${wave1}/results`);
    expect(first.status).toBe(200);
    expect(first.html).toContain(`No result yet: ${PEOPLE}`);
    expect(rowsOf(first.html)).toBe(RESULTS_PAGE_SIZE);
    expect(first.html).toContain(`Showing 1 to ${RESULTS_PAGE_SIZE} of ${PEOPLE}.`);
    expect(first.html).toContain(`href="/waves/${wave1}/results?page=2"`);
    const second = await viewer.get(`/waves/${wave1}/results?page=2`);
    expect(rowsOf(second.html)).toBe(PEOPLE - RESULTS_PAGE_SIZE);
    expect(second.html).toContain(`href="/waves/${wave1}/results"`);
    expect(second.html).not.toContain('?page=3');
    // A filter keeps its place in the pager's links.
    const filtered = await viewer.get(`/waves/${wave1}/results?result=no-result`);
    expect(filtered.html).toContain(`href="/waves/${wave1}/results?result=no-result&amp;page=2"`);
    expect((await viewer.get(`/waves/${wave1}/results?page=9`)).status).toBe(400);
  });

  it('downloads every person as CSV, the formula a name held made harmless', async () => {
    const page = await viewer.get(`/waves/${wave1}/results`);
    expect(page.html).toContain(`href="/waves/${wave1}/results.csv"`);
    const csv = await viewer.get(`/waves/${wave1}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment; filename="results-Wave-1.csv"');
    const lines = csv.html.trim().split('\r\n');
    expect(lines[0]).toBe('Person,Result,Status in the migration tool,Now in,Email that followed,Sent to');
    expect(lines).toHaveLength(PEOPLE + 1);
    expect(csv.html).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") Tester (person000@northmoor-valley.example)"`);
    expect(csv.html).not.toMatch(/(^|,|\n)"?=HYPERLINK/);
  });
});

describe('the messages behind a count of the report', () => {
  const list = () => `/reports/messages?occurrence=${encodeURIComponent(occurrence)}&count=failed`;

  it('shows 50 messages a page, with the pager', async () => {
    const first = await viewer.get(list());
    expect(first.status).toBe(200);
    expect(rowsOf(first.html)).toBe(MESSAGES_PAGE_SIZE);
    expect(first.html).toContain(`Showing 1 to ${MESSAGES_PAGE_SIZE} of ${MESSAGES}.`);
    expect(first.html).toContain(`href="${list().replace('&', '&amp;')}&amp;page=2"`);
    const second = await viewer.get(`${list()}&page=2`);
    expect(rowsOf(second.html)).toBe(MESSAGES - MESSAGES_PAGE_SIZE);
    expect(second.html).toContain('p052@example.nhs.uk');
    expect(second.html).not.toContain('p001@example.nhs.uk');
  });

  it('downloads every message as CSV, with formulas neutralised', async () => {
    const csvHref = `/reports/messages/csv?occurrence=${encodeURIComponent(occurrence)}&count=failed`;
    expect((await viewer.get(list())).html).toContain(`href="${csvHref.replace('&', '&amp;')}"`);
    const csv = await viewer.get(csvHref);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(`filename="welcome-${wave1}-failed.csv"`);
    const lines = csv.html.trim().split('\r\n');
    expect(lines[0]).toBe('Sent to,State,When,Why it failed or was cancelled');
    expect(lines).toHaveLength(MESSAGES + 1);
    expect(lines[1]?.startsWith("'=cmd|calc!A1,Failed,")).toBe(true);
    expect((await viewer.get('/reports/messages/csv?occurrence=x&count=nonsense')).status).toBe(404);
  });
});
