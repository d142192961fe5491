import type { TableFile, TableRow } from './read-table-file.js';

/**
 * Reads a file again, forward only, to fetch the cells of rows found wrong after staging (a name
 * that matches no one, a repeated address). Staging keeps no copy of each row, so the file is
 * opened only when there is such a row, and read only as far as the last one asked for.
 */
export class RowCursor {
  private file?: TableFile;
  private batches?: AsyncIterator<TableRow[]>;
  private batch: TableRow[] = [];
  private at = 0;
  private ended = false;

  constructor(private readonly reopen: () => Promise<TableFile>) {}

  /** The cells of `row`; rows must be asked for in ascending order. */
  async cellsAt(row: number): Promise<string[] | undefined> {
    if (!this.batches) {
      this.file = await this.reopen();
      this.batches = this.file.rowBatches[Symbol.asyncIterator]();
    }
    for (;;) {
      while (this.at < this.batch.length && (this.batch[this.at] as TableRow).row < row) this.at += 1;
      const current = this.batch[this.at];
      if (current) return current.row === row ? current.cells : undefined;
      if (this.ended) return undefined;
      const next = await this.batches.next();
      if (next.done) this.ended = true;
      else [this.batch, this.at] = [next.value, 0];
    }
  }

  async close(): Promise<void> {
    await this.file?.close();
  }
}
