/** `1 row`, `2 rows`, `1,500,000 people`: counts as people read them. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}
