import { CommsplanError } from '../shared/errors.js';
import {
  addressOf,
  DEFAULT_LIMITS,
  type FolderSenderDefinition,
  isEmailAddress,
  type OAuth2Settings,
  type SenderBase,
  type SenderDefinition,
  type SenderField,
  type SenderLimits,
  type SenderOptions,
  type SenderProblem,
  SMTP_SECURITIES,
  type SmtpSecurity,
  type SmtpSenderDefinition,
} from './sender-config.js';

const DEFAULT_PORT: Readonly<Record<SmtpSecurity, number>> = { starttls: 587, tls: 465, none: 25 };

/** Every problem found, so a person sees them all at once. */
class ProblemList {
  readonly items: SenderProblem[] = [];
  push(field: SenderField, message: string): void {
    this.items.push({ field, message });
  }
  get length(): number {
    return this.items.length;
  }
}

const SENDER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks the options of `sender add NAME` and returns the sender, or throws listing every problem at once. */
export function parseSenderOptions(name: string, options: SenderOptions): SenderDefinition {
  const problems = new ProblemList();
  const trimmedName = name.trim();
  if (!SENDER_NAME.test(trimmedName))
    problems.push(
      'name',
      `The sender name "${name}" can only use letters, digits, dots, dashes and underscores (up to 64), such as nhsmail-team.`,
    );
  const from = checkFrom(options.from, problems);
  const limits = checkLimits(options, problems);
  const base = { name: trimmedName, from, sendAs: Boolean(options.sendAs), limits };
  const definition = options.folder !== undefined && options.smtp === undefined ? folderSender(base, options, problems) : undefined;
  const smtp = options.smtp !== undefined && options.folder === undefined ? smtpSender(base, options, problems) : undefined;
  if ((options.folder === undefined) === (options.smtp === undefined))
    problems.push('destination', 'Say where mail goes: either --folder DIR (a folder of .eml files) or --smtp HOST[:PORT], not both.');
  if (problems.length > 0 || !(definition ?? smtp)) {
    throw new CommsplanError(
      'invalid-input',
      `Sender ${trimmedName} cannot be added:\n${problems.items.map((p) => `- ${p.message}`).join('\n')}`,
      {
        field: 'sender',
        value: trimmedName,
        problems: problems.items,
      },
    );
  }
  return (definition ?? smtp) as SenderDefinition;
}

function checkFrom(from: string | undefined, problems: ProblemList): string {
  if (from === undefined || from.trim() === '') {
    problems.push('from', '--from ADDRESS is needed: the address the emails come from, such as nhsmail.project@eastbrook.nhs.uk.');
    return '';
  }
  if (!isEmailAddress(addressOf(from))) problems.push('from', `--from "${from}" is not an email address.`);
  return from.trim();
}

function checkLimits(options: SenderOptions, problems: ProblemList): SenderLimits {
  const limit = (key: SenderField, option: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const number = Number(value.trim());
    if (/^\d+$/.test(value.trim()) && number > 0 && Number.isSafeInteger(number)) return number;
    problems.push(key, `${option} "${value}" must be a whole number above zero.`);
    return fallback;
  };
  const limits = {
    perMinute: limit('perMinute', '--per-minute', options.perMinute, DEFAULT_LIMITS.perMinute),
    perDay: limit('perDay', '--per-day', options.perDay, DEFAULT_LIMITS.perDay),
    perMessage: limit('perMessage', '--per-message', options.perMessage, DEFAULT_LIMITS.perMessage),
  };
  if (limits.perMessage > limits.perDay)
    problems.push(
      'perMessage',
      `--per-message (${limits.perMessage}) cannot be more than --per-day (${limits.perDay}): one message would use up a day.`,
    );
  return limits;
}

const SMTP_ONLY: ReadonlyArray<[keyof SenderOptions, string]> = [
  ['security', '--security'],
  ['user', '--user'],
  ['passwordEnv', '--password-env'],
  ['oauth2Tenant', '--oauth2-tenant'],
  ['oauth2ClientId', '--oauth2-client-id'],
  ['oauth2SecretEnv', '--oauth2-secret-env'],
  ['oauth2TokenUrl', '--oauth2-token-url'],
];

function folderSender(base: SenderBase, options: SenderOptions, problems: ProblemList): FolderSenderDefinition {
  const folder = options.folder?.trim() ?? '';
  if (folder === '') problems.push('folder', '--folder needs the folder the .eml files go to.');
  const misplaced = SMTP_ONLY.filter(([key]) => options[key] !== undefined).map(([, option]) => option);
  if (misplaced.length > 0) problems.push('folder', `${misplaced.join(', ')} only apply to an SMTP sender (--smtp HOST), not to a folder.`);
  return { ...base, kind: 'folder', folder };
}

function smtpSender(base: SenderBase, options: SenderOptions, problems: ProblemList): SmtpSenderDefinition {
  const security = checkSecurity(options.security, problems);
  const { host, port } = checkHostAndPort(options.smtp ?? '', security, problems);
  const oauth2 = checkOAuth2(options, problems);
  const passwordEnv = checkEnvName('passwordEnv', '--password-env', options.passwordEnv, problems);
  const username = options.user?.trim() || (oauth2 ? addressOf(base.from) : undefined);
  if (passwordEnv !== undefined && oauth2 !== undefined)
    problems.push('passwordEnv', 'Give either --password-env or the --oauth2-... options, not both: a sender signs in one way.');
  if (passwordEnv !== undefined && options.user === undefined)
    problems.push('user', '--password-env needs --user: the account that signs in.');
  if (options.user !== undefined && passwordEnv === undefined && oauth2 === undefined)
    problems.push(
      'passwordEnv',
      `--user ${options.user} needs --password-env VAR (the environment variable holding the password) or OAuth2.`,
    );
  checkSignedInUser(base, username, problems);
  if (security === 'none' && (passwordEnv !== undefined || oauth2 !== undefined) && !LOOPBACK.test(host))
    problems.push(
      'security',
      `--security none would send the password or token to ${host} unencrypted: use starttls or tls (a server on this machine, such as localhost, is the exception).`,
    );
  return { ...base, kind: 'smtp', host, port, security, username, passwordEnv, oauth2 };
}

/** Exchange refuses a From that is not the signed-in mailbox unless it has been given send-as rights. */
function checkSignedInUser(base: SenderBase, username: string | undefined, problems: ProblemList): void {
  const from = addressOf(base.from);
  if (username === undefined || base.sendAs || !isEmailAddress(from)) return;
  if (from.toLowerCase() !== username.toLowerCase())
    problems.push(
      'from',
      `--from ${from} is not the account that signs in (${username}): the server would refuse it. Use --from ${username}, or add --send-as if ${username} has been given the right to send as ${from}.`,
    );
}

function checkSecurity(value: string | undefined, problems: ProblemList): SmtpSecurity {
  const security = (value ?? 'starttls').trim().toLowerCase();
  if ((SMTP_SECURITIES as readonly string[]).includes(security)) return security as SmtpSecurity;
  problems.push('security', `--security "${value}" is not known: use ${SMTP_SECURITIES.join(', ')}.`);
  return 'starttls';
}

function checkHostAndPort(value: string, security: SmtpSecurity, problems: ProblemList): { host: string; port: number } {
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(.*))?$/i.exec(value.trim());
  const host = match?.[1]?.replace(/^\[|\]$/g, '') ?? '';
  const portText = match?.[2];
  if (!HOST_NAME.test(host) && !/^[0-9a-f:.]+$/i.test(host) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host))
    problems.push('smtp', `--smtp "${value}" is not a server name: write it as HOST or HOST:PORT, such as smtp.office365.com:587.`);
  if (portText === undefined) return { host, port: DEFAULT_PORT[security] };
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    problems.push('smtp', `The port in --smtp "${value}" must be a number from 1 to 65535.`);
  return { host, port };
}

function checkEnvName(field: SenderField, option: string, value: string | undefined, problems: ProblemList): string | undefined {
  if (value === undefined) return undefined;
  const name = value.trim();
  if (!ENV_NAME.test(name))
    problems.push(
      field,
      `${option} takes the name of an environment variable (letters, digits and _), such as COMMSPLAN_SMTP_PASSWORD, never the secret itself.`,
    );
  return name;
}

function checkOAuth2(options: SenderOptions, problems: ProblemList): OAuth2Settings | undefined {
  const given = [options.oauth2Tenant, options.oauth2ClientId, options.oauth2SecretEnv];
  if (given.every((value) => value === undefined)) {
    if (options.oauth2TokenUrl !== undefined)
      problems.push('oauth2TokenUrl', '--oauth2-token-url only applies with the other --oauth2-... options.');
    return undefined;
  }
  if (given.some((value) => value === undefined)) {
    problems.push('oauth2Tenant', 'OAuth2 needs all three of --oauth2-tenant, --oauth2-client-id and --oauth2-secret-env.');
    return undefined;
  }
  const tenant = options.oauth2Tenant?.trim() ?? '';
  const clientId = options.oauth2ClientId?.trim() ?? '';
  if (!GUID.test(tenant) && !HOST_NAME.test(tenant))
    problems.push(
      'oauth2Tenant',
      `--oauth2-tenant "${tenant}" is neither a tenant id (a GUID) nor a domain such as eastbrook.onmicrosoft.com.`,
    );
  if (!GUID.test(clientId))
    problems.push('oauth2ClientId', `--oauth2-client-id "${clientId}" is not an application (client) id: it is a GUID.`);
  const secretEnv = checkEnvName('oauth2SecretEnv', '--oauth2-secret-env', options.oauth2SecretEnv, problems) ?? '';
  const tokenUrl = options.oauth2TokenUrl?.trim();
  if (tokenUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(tokenUrl))
    problems.push('oauth2TokenUrl', `--oauth2-token-url "${tokenUrl}" is not an http(s) address.`);
  return { tenant, clientId, secretEnv, tokenUrl };
}
