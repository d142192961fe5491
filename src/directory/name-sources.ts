/**
 * Which source a person's name is taken from when several imports name them: the staff list,
 * their mailbox and their NHSmail account. A name that came with "?" in place of a letter loses
 * to one that kept its letters; among names that kept them (or that all lost some), the order
 * given wins: the staff list before the mailbox, the mailbox before the NHSmail account.
 */

/** One source's name for a person, and whether it lost letters. */
export interface NameCandidate {
  name: string | null | undefined;
  lostLetters: boolean;
}

const present = (candidate: NameCandidate): candidate is { name: string; lostLetters: boolean } =>
  typeof candidate.name === 'string' && candidate.name.trim() !== '';

/** The name to keep, from candidates in order of preference: the first that kept its letters, else the first there is. */
export function bestName(candidates: readonly NameCandidate[]): string | null {
  const named = candidates.filter(present);
  return (named.find((candidate) => !candidate.lostLetters) ?? named[0])?.name ?? null;
}

/**
 * `bestName` as an SQL expression, for the rebuild of the people table: `aliases` are the joined
 * tables in order of preference, each with `column` and its `COLUMN_lost_letters` flag (migration
 * 0019). A source not joined for a person (every column NULL) is passed over. Aliases and column
 * names are ours, never input.
 */
export function bestNameSql(column: string, aliases: readonly string[]): string {
  const value = (alias: string) => `${alias}.${column}`;
  const named = (alias: string) => `NULLIF(TRIM(${value(alias)}), '') IS NOT NULL`;
  const kept = aliases.map((alias) => `WHEN ${named(alias)} AND ${alias}.${column}_lost_letters = 0 THEN ${value(alias)}`);
  const any = aliases.map((alias) => `WHEN ${named(alias)} THEN ${value(alias)}`);
  return `CASE ${[...kept, ...any].join(' ')} END`;
}
