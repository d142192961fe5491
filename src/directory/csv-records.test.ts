import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../shared/seeded-random.js';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records.js';

function splitAll(text: string, delimiter = ',', chunkSizes: number[] = [text.length || 1]): string[][] {
  const splitter = new CsvRecordSplitter(delimiter);
  const records: string[][] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length] as number);
    records.push(...splitter.push(text.slice(at, at + size)));
    at += size;
  }
  records.push(...splitter.end());
  return records;
}

/** A whole number below n from a seeded source, so a failure can be replayed from its seed. */
function randomSource(seed: number): (n: number) => number {
  const random = new SeededRandom(seed);
  return (n) => random.int(0, n - 1);
}

const PIECES = ['a', 'Jones', ' ', ',', ';', '"', '""', 'EOL', '\t', '£', 'é', '1.2 GB (1,288,490,189 bytes)', '=SUM(A1)'];

/** One line ending per file, inside values too: csv-parse takes the first one it meets for all. */
function randomCsv(random: (n: number) => number, delimiter: string): string {
  const eol = random(2) ? '\r\n' : '\n';
  const lines: string[] = [];
  const width = 1 + random(5);
  for (let r = random(8); r >= 0; r--) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      let value = '';
      for (let k = random(4); k > 0; k--) value += (PIECES[random(PIECES.length)] as string).replace('EOL', eol);
      const mustQuote = /[",;\t\r\n]/.test(value);
      cells.push(mustQuote || random(3) === 0 ? `"${value.replaceAll('"', '""')}"` : value);
    }
    lines.push(cells.join(delimiter));
    if (random(6) === 0) lines.push('');
  }
  return lines.join(eol) + (random(2) ? eol : '');
}

describe('splitting CSV text into records', () => {
  it('reads quoted values with separators, doubled quotes and line breaks inside', () => {
    expect(splitAll('"Jones, Sam","say ""hi""","two\r\nlines"\r\nx,,y\r\n')).toEqual([
      ['Jones, Sam', 'say "hi"', 'two\r\nlines'],
      ['x', '', 'y'],
    ]);
  });

  it('skips empty lines and reads a last record with no line break after it', () => {
    expect(splitAll('a;b\n\n\r\nc;d', ';')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('gives each empty line as a record with no values when asked, so rows can be numbered as Excel does', () => {
    const splitter = new CsvRecordSplitter(',', true);
    const records = [...splitter.push('Title,,\r\n\r\nEmail,Name\n\n"a@x.nhs.uk",A\r'), ...splitter.end()];
    expect(records).toEqual([['Title', '', ''], [], ['Email', 'Name'], [], ['a@x.nhs.uk', 'A']]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '"DisplayName","TotalItemSize"\r\n"Jones, Sam","3.217 GB (3,454,230,118 bytes)"\r\n"a""b",""\r\n';
    const whole = splitAll(text);
    for (let size = 1; size <= 7; size++) expect(splitAll(text, ',', [size])).toEqual(whole);
  });

  it('agrees with csv-parse on 2,000 random files cut into random chunks', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const random = randomSource(seed);
      const delimiter = [',', ';', '\t'][random(3)] as string;
      const text = randomCsv(random, delimiter);
      const expected = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true });
      const chunks = [1 + random(9), 1 + random(40), 1 + random(3)];
      expect({ seed, records: splitAll(text, delimiter, chunks) }).toEqual({ seed, records: expected });
    }
  });

  it.each([
    ['a,b,c\nd,e', ['d', 'e']],
    ['a,b,c\n"d","e', undefined],
    ['a,b,c\r\nd,e,f', ['d', 'e', 'f']],
    ['a,b,c\r\n"d","e"', ['d', 'e']],
    ['a,b,c\nd,e\n', undefined],
    ['a,b,c\r\nd,e\r\n', undefined],
    ['a,b,c\nd,e\r', undefined],
    ['a,b,c\n"d\n', undefined],
  ])('after %j, names the last record as unterminated when no line break follows it: %j', (text, unterminated) => {
    const splitter = new CsvRecordSplitter(',', true);
    const records: string[][] = [];
    try {
      for (let at = 0; at < text.length; at += 3) records.push(...splitter.push(text.slice(at, at + 3)));
      records.push(...splitter.end());
    } catch (error) {
      expect(error).toMatchObject({ problem: 'unclosed-quote' });
    }
    expect(splitter.unterminated).toEqual(unterminated);
    if (unterminated) expect(splitter.unterminated).toBe(records.at(-1));
  });

  it('reports a file that ends inside a quoted value, after the records that were complete', () => {
    const splitter = new CsvRecordSplitter(',');
    expect(splitter.push('a,b\n"c,d\n')).toEqual([['a', 'b']]);
    const error = (() => {
      try {
        splitter.end();
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ problem: 'unclosed-quote', recordsBefore: 1 });
  });

  it('reports text between a closing quote and the next separator', () => {
    expect(() => splitAll('"a"b,c\n')).toThrow(/quoted value is followed by other text/);
  });
});
