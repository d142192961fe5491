import type { MailTransport } from '../senders/mail-transport.js';
import { clientCredentialsTokens } from '../senders/oauth2-token-request.js';
import type { SenderDefinition } from '../senders/sender-config.js';
import { folderTransport } from './folder-transport.js';
import { type SmtpTransportDependencies, smtpTransport } from './smtp-transport.js';

export type TransportDependencies = Omit<SmtpTransportDependencies, 'tokens'>;

/** The one place a stored sender becomes a way of delivering mail: its folder or its SMTP server. */
export function transportForSender(sender: SenderDefinition, dependencies: TransportDependencies): MailTransport {
  if (sender.kind === 'folder') return folderTransport(sender.folder, dependencies.now);
  const tokens = sender.oauth2
    ? clientCredentialsTokens(sender.oauth2, { env: dependencies.env, now: dependencies.now, timeoutMs: dependencies.timeouts?.connectMs })
    : undefined;
  return smtpTransport(sender, { ...dependencies, tokens });
}
