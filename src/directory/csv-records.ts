/**
 * Splits CSV text into records, chunk by chunk (RFC 4180: values may be quoted, a quote inside a
 * quoted value is doubled, quoted values may hold separators and line breaks; LF or CRLF end a
 * record; empty lines are skipped, or given as records with no values when the caller counts rows).
 * Written for speed on the shape Exchange exports have, every
 * value quoted: whole values are found with `indexOf` and cut with `slice`, never built character
 * by character.
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export type CsvSyntaxProblem = 'unclosed-quote' | 'text-after-quote';

export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: CsvSyntaxProblem,
    /** How many records were complete before the problem. */
    readonly recordsBefore: number,
  ) {
    super(
      problem === 'unclosed-quote'
        ? 'the text ends inside a quoted value'
        : 'a quoted value is followed by other text before the next separator or line break',
    );
  }
}

const INCOMPLETE = -1;

export class CsvRecordSplitter {
  private pending = '';
  private recordCount = 0;
  private readonly delimiterCode: number;
  // Per-pass caches of the next separator and line break, so a line is never scanned twice.
  private input = '';
  private nextDelimiter = -1;
  private nextLineBreak = -1;

  /**
   * `keepEmptyLines` gives each empty line as a record with no values, so a caller can number
   * records the way a spreadsheet program numbers rows.
   */
  constructor(
    private readonly delimiter: string,
    private readonly keepEmptyLines = false,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw new Error(`unusable CSV separator ${JSON.stringify(delimiter)}`);
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Feeds the next piece of text and returns the records it completes. */
  push(text: string): string[][] {
    return this.split(this.pending + text, false);
  }

  /**
   * The last record when the text ended without a line break after it, set by `end()`: a file
   * cut short ends like that, so a caller can check that record is whole.
   */
  unterminated: readonly string[] | undefined;

  /** Ends the text and returns the last record, if it had no line break after it. */
  end(): string[][] {
    const text = this.pending;
    const records = this.split(text, true);
    const last = text.charCodeAt(text.length - 1);
    if (last !== LF && last !== CR) this.unterminated = records.at(-1);
    return records;
  }

  private split(input: string, final: boolean): string[][] {
    this.input = input;
    this.nextDelimiter = -1;
    this.nextLineBreak = -1;
    const records: string[][] = [];
    let position = 0;
    while (position < input.length) {
      const first = input.charCodeAt(position);
      if (first === CR && position + 1 === input.length && !final) break;
      const emptyLine = first === LF ? 1 : first === CR && input.charCodeAt(position + 1) === LF ? 2 : 0;
      if (emptyLine) {
        position += emptyLine;
        if (this.keepEmptyLines) {
          records.push([]);
          this.recordCount += 1;
        }
        continue;
      }
      const cells: string[] = [];
      const next = this.readRecord(position, final, cells);
      if (next === INCOMPLETE) break;
      records.push(cells);
      this.recordCount += 1;
      position = next;
    }
    this.pending = input.slice(position);
    this.input = '';
    return records;
  }

  /** Reads the record starting at `start` into `cells`; returns where the next one starts. */
  private readRecord(start: number, final: boolean, cells: string[]): number {
    const input = this.input;
    const length = input.length;
    let position = start;
    for (;;) {
      if (input.charCodeAt(position) === QUOTE) {
        const closing = this.readQuoted(position, final, cells);
        if (closing === INCOMPLETE) return INCOMPLETE;
        position = closing + 1;
        if (position === length) return final ? length : INCOMPLETE;
        const after = input.charCodeAt(position);
        if (after === this.delimiterCode) {
          position += 1;
          continue;
        }
        if (after === LF) return position + 1;
        if (after === CR) {
          if (position + 1 === length) return final ? length : INCOMPLETE;
          return input.charCodeAt(position + 1) === LF ? position + 2 : position + 1;
        }
        throw new CsvSyntaxError('text-after-quote', this.recordCount);
      }
      const lineBreak = this.lineBreakFrom(position);
      if (lineBreak === INCOMPLETE && !final) return INCOMPLETE;
      const lineEnd = lineBreak === INCOMPLETE ? length : lineBreak;
      const delimiter = this.delimiterFrom(position);
      if (delimiter !== INCOMPLETE && delimiter < lineEnd) {
        cells.push(input.slice(position, delimiter));
        position = delimiter + 1;
        continue;
      }
      const valueEnd = lineEnd > position && input.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      cells.push(input.slice(position, valueEnd));
      return lineEnd === length ? length : lineEnd + 1;
    }
  }

  /** Reads the quoted value opening at `open`; returns the index of its closing quote. */
  private readQuoted(open: number, final: boolean, cells: string[]): number {
    const input = this.input;
    let from = open + 1;
    let value = '';
    for (;;) {
      const quote = input.indexOf('"', from);
      if (quote === INCOMPLETE) {
        if (final) throw new CsvSyntaxError('unclosed-quote', this.recordCount);
        return INCOMPLETE;
      }
      if (quote + 1 === input.length && !final) return INCOMPLETE;
      if (input.charCodeAt(quote + 1) === QUOTE) {
        value += input.slice(from, quote + 1);
        from = quote + 2;
        continue;
      }
      cells.push(value + input.slice(from, quote));
      return quote;
    }
  }

  private lineBreakFrom(position: number): number {
    if (this.nextLineBreak < position && this.nextLineBreak !== Number.MAX_SAFE_INTEGER) {
      const found = this.input.indexOf('\n', position);
      this.nextLineBreak = found === INCOMPLETE ? Number.MAX_SAFE_INTEGER : found;
    }
    return this.nextLineBreak === Number.MAX_SAFE_INTEGER ? INCOMPLETE : this.nextLineBreak;
  }

  private delimiterFrom(position: number): number {
    if (this.nextDelimiter < position && this.nextDelimiter !== Number.MAX_SAFE_INTEGER) {
      const found = this.input.indexOf(this.delimiter, position);
      this.nextDelimiter = found === INCOMPLETE ? Number.MAX_SAFE_INTEGER : found;
    }
    return this.nextDelimiter === Number.MAX_SAFE_INTEGER ? INCOMPLETE : this.nextDelimiter;
  }
}
