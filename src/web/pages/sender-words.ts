import type { SenderProblem } from '../../senders/sender-config.js';

/**
 * The checks of `sender add` word their problems with the CLI's options; the page names its own
 * fields instead. Longer phrases come first, so `--from ADDRESS` goes before `--from`.
 */
const FIELD_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['--from ADDRESS is needed', 'Enter the From address'],
  ['--password-env VAR (the environment variable holding the password)', 'the name of the environment variable that holds the password'],
  [
    '--oauth2-tenant, --oauth2-client-id and --oauth2-secret-env',
    'the tenant, the application (client) id and the secret’s environment variable',
  ],
  ['the other --oauth2-... options', 'the other Microsoft 365 fields'],
  ['the --oauth2-... options', 'the Microsoft 365 fields'],
  [
    'either --folder DIR (a folder of .eml files) or --smtp HOST[:PORT], not both',
    'choose a mail folder (a folder of .eml files) or an SMTP server',
  ],
  ['(--smtp HOST)', '(an SMTP server)'],
  ['Use --from ', 'Use the From address '],
  ['or add --send-as if', 'or tick “may send as the From address” if'],
  ['--per-minute', 'Messages a minute'],
  ['--per-day', 'recipients a day'],
  ['--per-message', 'Recipients in one message'],
  ['--security none', 'No encryption'],
  ['--security', 'The security'],
  ['--oauth2-token-url', 'The token address'],
  ['--oauth2-tenant', 'The tenant'],
  ['--oauth2-client-id', 'The application (client) id'],
  ['--oauth2-secret-env', 'The secret’s environment variable'],
  ['--password-env', 'The password’s environment variable'],
  ['--user', 'the account that signs in'],
  ['--smtp', 'the SMTP server'],
  ['--folder', 'The mail folder'],
  ['--from', 'The From address'],
];

/** A problem with a new sender in the page's words: its own field names, never an option name. */
export function senderProblemInWords(problem: SenderProblem): string {
  const text = FIELD_NAMES.reduce((words, [option, name]) => words.split(option).join(name), problem.message);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
