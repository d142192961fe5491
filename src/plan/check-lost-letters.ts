import type { Finding } from './finding.js';
import type { Workspace } from './workspace.js';

/**
 * People whose names an import gave with "?" in place of a letter ("?ukasz"): emails never use
 * such a name, but the person is greeted by another name or as "Dear colleague" until the file
 * is imported again with its letters, so `check` names them (a warning, not a blocker).
 */
export function lostLetterFindings(workspace: Workspace): Finding[] {
  const { people, first } = workspace.lostLetterNames;
  if (people === 0) return [];
  const named = first.map((row) => `"${row.name}" (${row.address}, ${row.source})`).join('; ');
  const more = first.length < people ? ` and others` : '';
  const who = people === 1 ? 'One person’s name' : `${people.toLocaleString('en-GB')} people’s names`;
  const said =
    `${who} came with "?" in place of a letter, as a file saved as ASCII or Windows-1252 leaves them: ${named}${more}. ` +
    'Emails use another of their names that kept its letters, else the name without the lost letters where it still reads as one, else "Dear colleague". ' +
    'To put the names right, save the file from Excel as "CSV UTF-8 (Comma delimited)" (or export with Export-Csv -Encoding UTF8) and import it again.';
  return [
    {
      severity: 'warning',
      code: 'names-lost-letters',
      message: `${said} See them all with: commsplan lost-letters (or --csv FILE)`,
      problem: `${said} See them all on the lost letters page.`,
      fixAt: { kind: 'lost-letters' },
    },
  ];
}
