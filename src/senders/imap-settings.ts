import { CommsplanError } from '../shared/errors.js';
import type { OAuth2Settings, Sender } from './sender-config.js';

/**
 * Where a sender's non-delivery reports arrive: its mailbox, read over IMAP. It signs in as the
 * sender does unless told otherwise: with the same OAuth2 client, or the same account and password
 * variable. Only names of environment variables are stored, never secrets.
 */
const IMAP_SECURITIES = ['tls', 'starttls', 'none'] as const;
export type ImapSecurity = (typeof IMAP_SECURITIES)[number];

const DEFAULT_PORT: Readonly<Record<ImapSecurity, number>> = { tls: 993, starttls: 143, none: 143 };

export interface ImapSettings {
  host: string;
  port: number;
  security: ImapSecurity;
  /** The account that signs in; unset, the sender's. */
  user?: string;
  /** The environment variable holding the password; unset, the sender's password or OAuth2. */
  passwordEnv?: string;
  /** The folder reports arrive in. */
  folder: string;
}

/** The options of `sender set NAME --imap ...`, as typed. */
export interface ImapOptions {
  imap?: string;
  imapSecurity?: string;
  imapUser?: string;
  imapPasswordEnv?: string;
  imapFolder?: string;
}

/** How the mailbox is signed in to, worked out from the IMAP settings and the sender. */
export type ImapSignIn = { kind: 'password'; user: string; passwordEnv: string } | { kind: 'oauth2'; user: string; oauth2: OAuth2Settings };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(.*))?$/i;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

/** Checks `--imap HOST[:PORT]` and the options with it for a sender; throws listing every problem at once. */
export function parseImapOptions(sender: Sender, options: ImapOptions): ImapSettings {
  const problems: string[] = [];
  const security = (options.imapSecurity ?? 'tls').trim().toLowerCase() as ImapSecurity;
  if (!IMAP_SECURITIES.includes(security))
    problems.push(`--imap-security "${options.imapSecurity}" is not known: use ${IMAP_SECURITIES.join(', ')}.`);
  const match = HOST.exec((options.imap ?? '').trim());
  const host = match?.[1]?.replace(/^\[|\]$/g, '') ?? '';
  if (!match || host === '')
    problems.push(`--imap "${options.imap ?? ''}" is not a server name: write it as HOST or HOST:PORT, such as outlook.office365.com:993.`);
  let port = DEFAULT_PORT[IMAP_SECURITIES.includes(security) ? security : 'tls'];
  if (match?.[2] !== undefined) {
    port = Number(match[2]);
    if (!/^\d+$/.test(match[2]) || port < 1 || port > 65535)
      problems.push(`The port in --imap "${options.imap}" must be a number from 1 to 65535.`);
  }
  const passwordEnv = options.imapPasswordEnv?.trim();
  if (passwordEnv !== undefined && !ENV_NAME.test(passwordEnv))
    problems.push('--imap-password-env takes the name of an environment variable (letters, digits and _), never the password itself.');
  const user = options.imapUser?.trim() || undefined;
  const folder = options.imapFolder?.trim() || 'INBOX';
  const settings: ImapSettings = { host, port, security, user, passwordEnv, folder };
  const signIn = imapSignInProblems(sender, settings);
  problems.push(...signIn);
  if (security === 'none' && !LOOPBACK.test(host))
    problems.push(`--imap-security none would send the password or token to ${host} unencrypted: use tls or starttls.`);
  if (problems.length)
    throw new CommsplanError(
      'invalid-input',
      `The mailbox of sender ${sender.name} cannot be set:\n${problems.map((p) => `- ${p}`).join('\n')}`,
      {
        field: 'imap',
        value: options.imap,
      },
    );
  return settings;
}

function imapSignInProblems(sender: Sender, settings: ImapSettings): string[] {
  const outcome = imapSignIn(sender, settings);
  return outcome.ok ? [] : [outcome.problem];
}

/** The sign-in for a sender's mailbox: its own password variable, else the sender's OAuth2, else the sender's password. */
export function imapSignIn(sender: Sender, settings: ImapSettings): { ok: true; signIn: ImapSignIn } | { ok: false; problem: string } {
  const smtp = sender.kind === 'smtp' ? sender : undefined;
  const user = settings.user ?? smtp?.username;
  if (settings.passwordEnv) {
    if (!user) return { ok: false, problem: '--imap-password-env needs --imap-user: the account that signs in to the mailbox.' };
    return { ok: true, signIn: { kind: 'password', user, passwordEnv: settings.passwordEnv } };
  }
  if (smtp?.oauth2 && user) return { ok: true, signIn: { kind: 'oauth2', user, oauth2: smtp.oauth2 } };
  if (smtp?.passwordEnv && user) return { ok: true, signIn: { kind: 'password', user, passwordEnv: smtp.passwordEnv } };
  return {
    ok: false,
    problem: `Sender ${sender.name} has no sign-in to reuse: give --imap-user ACCOUNT and --imap-password-env VAR (the environment variable holding the password).`,
  };
}

export function describeImap(settings: ImapSettings): string {
  return `${settings.host}:${settings.port} (${settings.security}), folder ${settings.folder}`;
}
