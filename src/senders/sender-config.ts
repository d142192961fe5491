export const SMTP_SECURITIES = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITIES)[number];

/** Exchange Online's limits for one mailbox, which NHSmail shares. */
export const DEFAULT_LIMITS: SenderLimits = { perMinute: 30, perDay: 10_000, perMessage: 500 };

export interface SenderLimits {
  /** Messages a minute. */
  perMinute: number;
  /** Recipients in any rolling 24 hours (not per calendar day). */
  perDay: number;
  /** Recipients in one message. */
  perMessage: number;
}

/** Microsoft 365 client credentials; the secret stays in the environment variable named here. */
export interface OAuth2Settings {
  tenant: string;
  clientId: string;
  secretEnv: string;
  /** Where tokens come from; unset, Microsoft's endpoint for the tenant. */
  tokenUrl?: string;
}

export interface SenderBase {
  name: string;
  /** `Name <address>` or a bare address: what the From header says. */
  from: string;
  /** True when the account may send as an address other than its own. */
  sendAs: boolean;
  limits: SenderLimits;
}

export interface FolderSenderDefinition extends SenderBase {
  kind: 'folder';
  folder: string;
}

export interface SmtpSenderDefinition extends SenderBase {
  kind: 'smtp';
  host: string;
  port: number;
  security: SmtpSecurity;
  /** The account that signs in; unset with neither password nor OAuth2 (a relay that takes mail unsigned). */
  username?: string;
  /** The name of the environment variable that holds the password, never the password. */
  passwordEnv?: string;
  oauth2?: OAuth2Settings;
}

export type SenderDefinition = FolderSenderDefinition | SmtpSenderDefinition;

/** A sender as stored: its definition, whether it is the default, and why it is paused if it is. */
export type Sender = SenderDefinition & {
  isDefault: boolean;
  pausedReason?: string;
  pausedAt?: string;
  createdAt: string;
  /** Where its non-delivery reports are read (`sender set NAME --imap`), described. */
  reportsFrom?: string;
};

/** The options of `sender add`, as typed. */
export interface SenderOptions {
  folder?: string;
  smtp?: string;
  security?: string;
  from?: string;
  sendAs?: boolean;
  user?: string;
  passwordEnv?: string;
  oauth2Tenant?: string;
  oauth2ClientId?: string;
  oauth2SecretEnv?: string;
  oauth2TokenUrl?: string;
  perMinute?: string;
  perDay?: string;
  perMessage?: string;
}

/** Which part of `sender add` a problem is about: an option, the name, or where mail goes. */
export type SenderField = keyof SenderOptions | 'name' | 'destination';

/** One thing wrong with the options of `sender add`, worded with the CLI's option names. */
export interface SenderProblem {
  field: SenderField;
  message: string;
}

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;.]+$/;

/** The address inside `Name <address>`, or the whole value when there are no angle brackets. */
export function addressOf(from: string): string {
  const angled = /<([^<>]*)>\s*$/.exec(from);
  return (angled ? (angled[1] ?? '') : from).trim();
}

export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

/** Where a sender's mail goes, for lists and messages: a folder, or `smtp.office365.com:587 (starttls)`. */
export function describeDestination(sender: SenderDefinition): string {
  return sender.kind === 'folder' ? `folder ${sender.folder}` : `${sender.host}:${sender.port} (${sender.security})`;
}

/** How a sender signs in, naming environment variables but never their values. */
export function describeSignIn(sender: SenderDefinition): string {
  if (sender.kind === 'folder') return '-';
  if (sender.oauth2) return `OAuth2 as ${sender.username} (secret in ${sender.oauth2.secretEnv})`;
  if (sender.passwordEnv) return `${sender.username} (password in ${sender.passwordEnv})`;
  return 'none';
}
