import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../test/support/test-database.js';
import { formatLongDate } from '../calendar/local-date.js';
import { createDemoWorkspace } from '../demo/demo-workspace.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { DocumentBlock } from '../plan-outputs/document-model.js';
import { renderPdf } from './pdf-document.js';
import { buildPoster } from './poster.js';
import { renderPosterPdf } from './poster-pdf.js';
import { informationPackFiles } from './publish-files.js';
import { textBlocks } from './text-blocks.js';

const CREATED = new Date('2026-11-02T10:00:00Z');
let dir: string;
let demo: Workspace;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'commsplan-pdf-'));
  const store = await openTestStore(join(dir, 'commsplan.db'), { create: true });
  await createDemoWorkspace(store, CREATED, '2026-11-02');
  demo = await loadWorkspace(store.db, store.location);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What poppler reads back from a PDF: its text (pdftotext) and its details (pdfinfo). */
function readBack(pdf: Buffer, name: string): { text: string; info: Record<string, string> } {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const info = Object.fromEntries(
    execFileSync('pdfinfo', [file], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { text, info };
}

const NAMES = 'Łukasz Wiśniewski, Siân Llŷr and Zoë Ó Súilleabháin – all three moved on 23–24 January';

describe('the PDF renderer (document blocks to PDF)', () => {
  it('keeps letters beyond Latin-1 and en dashes as real text, with a title, language tags and page numbers', async () => {
    const blocks: DocumentBlock[] = [
      { kind: 'heading', level: 1, text: 'Siân’s test – a title' },
      { kind: 'paragraph', text: NAMES },
      { kind: 'table', headers: ['Name', 'Wave'], rows: [['Łukasz', 'Wave 1 – 23 January']] },
      { kind: 'checklist', items: ['Llŷr checks the list'] },
      ...Array.from(
        { length: 60 },
        (_, i): DocumentBlock => ({ kind: 'paragraph', text: `Paragraph ${i + 1} of the long part, to fill pages.` }),
      ),
    ];
    const pdf = await renderPdf({ title: 'Siân’s test – a title', language: 'en-GB', blocks, createdAt: CREATED });
    const { text, info } = readBack(pdf, 'blocks.pdf');
    expect(text).toContain('Łukasz Wiśniewski, Siân Llŷr and Zoë Ó Súilleabháin – all three moved on 23–24 January');
    expect(text).toContain('Wave 1 – 23 January');
    expect(text).toContain('Llŷr checks the list');
    expect(info.Title).toBe('Siân’s test – a title');
    expect(info.Tagged).toBe('yes');
    const pages = Number(info.Pages);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(pdf.includes(Buffer.from('/Lang (en-GB)'))).toBe(true);
    expect(pdf.includes(Buffer.from('DejaVuSans'))).toBe(true);
  });

  it("repeats a long table's header row on each page it runs onto", async () => {
    const rows = Array.from({ length: 90 }, (_, i) => [`Person ${i + 1}`, `Wave ${(i % 4) + 1}`]);
    const pdf = await renderPdf({
      title: 'Long',
      language: 'en-GB',
      blocks: [{ kind: 'table', headers: ['Name', 'Wave'], rows }],
      createdAt: CREATED,
    });
    const { text, info } = readBack(pdf, 'long-table.pdf');
    expect(Number(info.Pages)).toBeGreaterThan(1);
    expect(text.match(/^\s*Name\s+Wave\s*$/gm)).toHaveLength(Number(info.Pages));
    expect(text).toContain('Person 90');
  });
});

describe('a rendered message in a PDF', () => {
  it('reads its underlined headings, lists and paragraphs from its text', () => {
    const text = 'Dear Siân,\n\nWhat to do\n----------\n- Sign in\n- Clean up\n\nThank you,\nThe team\n';
    expect(textBlocks(text, 3)).toEqual([
      { kind: 'paragraph', text: 'Dear Siân,' },
      { kind: 'heading', level: 3, text: 'What to do' },
      { kind: 'list', items: ['Sign in', 'Clean up'] },
      { kind: 'paragraph', text: 'Thank you,\nThe team' },
    ]);
  });
});

describe('the information pack as a PDF', () => {
  it('reads back with every wave, its dates and the help contacts, on a sensible number of A4 pages', async () => {
    const [pdf] = (await informationPackFiles(demo, '2026-11-02', CREATED, 'pdf')).files;
    const { text, info } = readBack(pdf?.content as Buffer, 'pack.pdf');
    const flat = text.replace(/\s+/g, ' ');
    for (const wave of demo.waves) {
      expect(flat).toContain(wave.name);
      expect(flat).toContain(formatLongDate(wave.start));
    }
    for (const words of ['Before your move', 'After your move', 'Questions and answers', '0333 200 1133', '0113 496 0123'])
      expect(flat).toContain(words);
    expect(info.Title).toBe('Moving to NHSmail: information pack for Northmoor Valley NHS Trust staff');
    expect(info['Page size']).toContain('595.28 x 841.89');
    expect(Number(info.Pages)).toBeGreaterThanOrEqual(3);
    expect(Number(info.Pages)).toBeLessThanOrEqual(10);
  });
});

describe('the poster as a PDF', () => {
  it('is one A4 page with the headline, each wave with an en dash, the intranet address and what to do', async () => {
    const { text, info } = readBack(await renderPosterPdf(buildPoster(demo), CREATED), 'poster.pdf');
    const flat = text.replace(/\s+/g, ' ');
    expect(info.Pages).toBe('1');
    expect(info.Title).toBe('Northmoor Valley NHS Trust is moving to NHSmail');
    expect(flat).toContain('Northmoor Valley NHS Trust is moving to NHSmail');
    expect(flat).toContain('Saturday 23 – Sunday 24 January 2027');
    expect(flat).toContain('https://intranet.northmoor-valley.example/nhsmail');
    expect(flat).toContain('read your information pack');
  });

  it('stays on one page with a long name and many dates', async () => {
    const poster = buildPoster(demo);
    const long = {
      ...poster,
      headline: 'Ysbyty Prifysgol Llŷr and Siân’s Community Health Services NHS Foundation Trust is moving to NHSmail',
      dates: [...poster.dates, ...poster.dates.slice(1)],
    };
    expect(readBack(await renderPosterPdf(long, CREATED), 'long-poster.pdf').info.Pages).toBe('1');
  });
});
