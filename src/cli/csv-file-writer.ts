import { csvLine } from '../shared/csv.js';
import { writeOutputFile } from './output-file.js';

/** Writes CSV lines to a file in chunks; the file is created only when the first line comes. */
export class CsvFileWriter {
  private buffer: string[] = [];
  private created = false;
  lines = 0;

  constructor(
    readonly path: string,
    private readonly header: () => readonly unknown[],
  ) {}

  write(cells: readonly unknown[]): void {
    if (!this.created) {
      writeOutputFile(this.path, csvLine(this.header()));
      this.created = true;
    }
    this.buffer.push(csvLine(cells));
    this.lines += 1;
    if (this.buffer.length >= 1000) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    writeOutputFile(this.path, this.buffer.join(''), true);
    this.buffer = [];
  }

  get written(): boolean {
    return this.created;
  }
}
