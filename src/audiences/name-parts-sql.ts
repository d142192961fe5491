/**
 * The first name and surname in a display name, as SQL for the rebuild of the people table:
 * `Sam Jones`, `Jones, Sam`, `Jones, Sam (Pharmacy)` and the NHSmail portal's
 * `JONES, Sam (EASTBROOK)`. The same reading as `firstNameInDisplayName` and
 * `lastNameInDisplayName` (names-in-messages.ts), for people with no staff-list row. The
 * expressions take column references of ours, never input.
 */

/** Without what follows in brackets: the portal adds the organisation. */
function bare(name: string): string {
  return `trim(CASE WHEN instr(${name}, ' (') > 0 THEN substr(${name}, 1, instr(${name}, ' (') - 1) ELSE ${name} END)`;
}

function firstWord(text: string): string {
  return `CASE WHEN instr(${text}, ' ') > 0 THEN substr(${text}, 1, instr(${text}, ' ') - 1) ELSE ${text} END`;
}

/** The text after its last space: rtrim by every other character leaves the text up to that space. */
function lastWord(text: string): string {
  return `substr(${text}, length(rtrim(${text}, replace(${text}, ' ', ''))) + 1)`;
}

export function firstNameSql(displayName: string): string {
  const name = bare(displayName);
  const afterComma = `trim(substr(${name}, instr(${name}, ',') + 1))`;
  return `CASE WHEN instr(${name}, ',') > 0 THEN NULLIF(${firstWord(afterComma)}, '')
    WHEN instr(${name}, ' ') > 0 THEN ${firstWord(name)} END`;
}

export function lastNameSql(displayName: string): string {
  const name = bare(displayName);
  return `CASE WHEN instr(${name}, ',') > 0 THEN NULLIF(trim(substr(${name}, 1, instr(${name}, ',') - 1)), '')
    WHEN instr(${name}, ' ') > 0 THEN ${lastWord(name)} END`;
}
