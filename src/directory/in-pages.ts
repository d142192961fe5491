/** Rows a query returns in `staged_id` order, a page at a time so memory stays flat. */
export async function* inPages<T extends { staged_id: number }>(
  page: (after: number, pageSize: number) => Promise<T[]>,
  pageSize: number,
): AsyncGenerator<T> {
  for (let after = -1; ; ) {
    const rows = await page(after, pageSize);
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = last.staged_id;
  }
}
