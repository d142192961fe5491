import { resolve } from 'node:path';
import type { MailTransport } from '../senders/mail-transport.js';
import { requireSender } from '../senders/manage-senders.js';
import type { SenderDefinition } from '../senders/sender-config.js';
import type { Queryable } from '../store/store.js';
import type { TransportTimeouts } from './server-waits.js';
import { type TransportDependencies, transportForSender } from './transport-for-sender.js';

export interface StoredSenderDependencies extends TransportDependencies {
  /** A folder sender's relative folder is read from here, as the CLI reads it from its working folder. */
  baseDir: string;
}

/** A stored sender's transport: its folder, read from `baseDir` when relative, or its SMTP server. */
export function storedSenderTransport(sender: SenderDefinition, dependencies: StoredSenderDependencies): MailTransport {
  const { baseDir, ...rest } = dependencies;
  const definition = sender.kind === 'folder' ? { ...sender, folder: resolve(baseDir, sender.folder) } : sender;
  return transportForSender(definition, rest);
}

/** The transport of each sender, made once from its stored definition when first asked for; secrets come from `env`. */
export function senderTransports(db: Queryable, orgId: string, dependencies: Omit<StoredSenderDependencies, 'timeouts'>) {
  const made = new Map<string, MailTransport>();
  const transportFor = async (name: string, timeouts?: TransportTimeouts): Promise<MailTransport> => {
    const known = made.get(name);
    if (known) return known;
    const sender = await requireSender(db, orgId, name);
    const transport = storedSenderTransport(sender, { ...dependencies, timeouts });
    made.set(name, transport);
    return transport;
  };
  const closeAll = async () => {
    for (const transport of made.values()) await transport.close();
  };
  return { transportFor, closeAll };
}
