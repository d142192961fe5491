/**
 * How an export names a person or mailbox. Exchange writes the same account as an address,
 * `DOMAIN\\user`, a display name, a GUID, a legacy DN or (for deleted accounts) a bare SID.
 */
export type IdentityKind = 'email' | 'account' | 'guid' | 'legacy-dn' | 'display-name' | 'path-name' | 'mailbox-name' | 'sid' | 'system';

export interface Identity {
  kind: IdentityKind;
  /** Lower-cased, ready to compare with the stored keys. */
  value: string;
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const SID = /^S-1-\d+(-\d+)+$/i;
const SYSTEM_ACCOUNTS =
  /^(nt authority\\.*|default|anonymous|everyone|self|nt authority|null sid|builtin\\.*|.*\\(exchange servers|exchange trusted subsystem|exchange windows permissions|organization management|domain admins|enterprise admins|administrator|managed availability servers|delegated setup|public folder management|discovery management))$/i;
/** SIDs of built-in principals (local system and the like) rather than deleted people. */
const WELL_KNOWN_SID = /^S-1-(0|1|2|3|5-(1[0-9]|20|32)(-\d+)?)$/i;

/** Drops what Exchange appends to a mailbox name: `:\\Calendar`, `/ExchangeActiveSyncDevices/...`. */
export function stripMailboxSuffix(raw: string): string {
  return raw
    .replace(/:\\.*$/, '')
    .replace(/[\\/]ExchangeActiveSyncDevices[\\/].*$/i, '')
    .trim();
}

export function classifyIdentity(raw: string): Identity {
  let text = stripMailboxSuffix(raw);
  if (SYSTEM_ACCOUNTS.test(text)) return { kind: 'system', value: text.toLowerCase() };
  if (SID.test(text)) return { kind: WELL_KNOWN_SID.test(text) ? 'system' : 'sid', value: text.toUpperCase() };
  if (/^smtp:/i.test(text)) text = text.slice(5);
  if (/^[^\s@\\/]+@[^\s@\\/]+\.[^\s@\\/]+$/.test(text)) return { kind: 'email', value: text.toLowerCase() };
  if (GUID.test(text)) return { kind: 'guid', value: text.replace(/[{}]/g, '').toLowerCase() };
  if (/^\/o=/i.test(text)) return { kind: 'legacy-dn', value: text.toLowerCase() };
  const account = /^[^\\/\s]+\\([^\\/]+)$/.exec(text);
  if (account) return { kind: 'account', value: (account[1] as string).toLowerCase() };
  // A path (contoso.local/Users/Jane Smith) ends in the mailbox's Name, which is not always its display name.
  if (text.includes('/')) return { kind: 'path-name', value: text.slice(text.lastIndexOf('/') + 1).toLowerCase() };
  return { kind: 'display-name', value: text.toLowerCase() };
}

/**
 * A mailbox's Identity path as Exchange writes it (`trust.local/Users/Jane Smith`), lower-cased,
 * from the Identity column or from a DistinguishedName (`CN=Smith\\, Jane,OU=Staff,DC=trust,DC=local`).
 * Undefined when the value is no path (Exchange Online writes a bare name as the Identity).
 */
export function mailboxPath(raw: string): string | undefined {
  const text = raw.trim();
  if (/^cn=/i.test(text)) return pathOfDistinguishedName(text);
  if (text.includes('/') && !/^\/o=/i.test(text)) return text.toLowerCase();
  return undefined;
}

function pathOfDistinguishedName(dn: string): string | undefined {
  const parts = dn.split(/(?<!\\),/).map((part) => {
    const equals = part.indexOf('=');
    return {
      type: part.slice(0, equals).trim().toLowerCase(),
      value: part
        .slice(equals + 1)
        .trim()
        .replace(/\\(.)/g, '$1'),
    };
  });
  const domain = parts.filter((p) => p.type === 'dc').map((p) => p.value);
  const names = parts.filter((p) => p.type !== 'dc').map((p) => p.value);
  if (domain.length === 0 || names.length === 0) return undefined;
  return [domain.join('.'), ...names.reverse()].join('/').toLowerCase();
}

/**
 * Whose a mobile device is, from the owner's column: an address or legacy DN as they are, else the mailbox part of the device's identity (`trust.local/Users/Jane Smith/ExchangeActiveSyncDevices/…`,
 * `Jane Smith\\ExchangeActiveSyncDevices\\…`), kept both as the mailbox's name and, when written as one, its path.
 */
export function deviceOwner(raw: string): { identity: Identity; path: string | null } {
  const text = stripMailboxSuffix(raw);
  const identity = classifyIdentity(text);
  if (identity.kind === 'email' || identity.kind === 'legacy-dn') return { identity, path: null };
  // A GUID is matched as a name too: Exchange Online names some mailboxes by one.
  const name = identity.kind === 'guid' ? identity.value : text.slice(Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1);
  return { identity: { kind: 'mailbox-name', value: name.trim().toLowerCase() }, path: mailboxPath(text) ?? null };
}

const RIGHTS = /fullaccess|sendas|send-as|sendonbehalf/i;

/**
 * The kinds of access one permissions row grants, normalised: `full-access`, `send-as`,
 * `send-on-behalf`, or `<folder>:<level>` for folder permissions (`calendar:limiteddetails`), and
 * `<folder>:delegate` besides for a delegate.
 */
export function accessKinds(fields: {
  accessRights?: string | null;
  extendedRights?: string | null;
  folder?: string | null;
  /** Get-MailboxFolderPermission's SharingPermissionFlags: `Delegate` marks a calendar delegate. */
  sharingFlags?: string | null;
  mailbox: string;
  fromSendOnBehalfColumn: boolean;
}): readonly string[] {
  if (fields.fromSendOnBehalfColumn) return SEND_ON_BEHALF;
  const rights = `${fields.accessRights ?? ''},${fields.extendedRights ?? ''}`;
  const folder = fields.folder ?? /:\\(.+)$/.exec(fields.mailbox)?.[1] ?? '';
  if (folder) {
    const kinds = rightsToKinds(rights, folder);
    if (!/delegate/i.test(fields.sharingFlags ?? '')) return kinds;
    // A delegate is an editor who also gets the meeting requests: counted once, as a delegate.
    return [...kinds.filter((kind) => kind !== `${folder.toLowerCase()}:editor`), `${folder.toLowerCase()}:delegate`];
  }
  // A mailbox export repeats a handful of rights strings millions of times.
  let kinds = KINDS_BY_RIGHTS.get(rights);
  if (!kinds) {
    if (KINDS_BY_RIGHTS.size >= 1000) KINDS_BY_RIGHTS.clear();
    kinds = rightsToKinds(rights, '');
    // Rebuilt character by character: a value cut from a file chunk would keep the whole chunk alive.
    KINDS_BY_RIGHTS.set(Array.from(rights).join(''), kinds);
  }
  return kinds;
}

const SEND_ON_BEHALF: readonly string[] = ['send-on-behalf'];
const KINDS_BY_RIGHTS = new Map<string, readonly string[]>();

function rightsToKinds(rightsText: string, folder: string): readonly string[] {
  const rights = rightsText.replace(/[{}]/g, '');
  const kinds = new Set<string>();
  for (const part of rights
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const key = part.toLowerCase().replace(/[\s-]/g, '');
    if (key === 'fullaccess') kinds.add('full-access');
    else if (key === 'sendas') kinds.add('send-as');
    else if (key === 'sendonbehalf') kinds.add('send-on-behalf');
    // Every sharing level counts, free/busy only included: the person still sees that calendar.
    else if (folder && !RIGHTS.test(part) && key !== 'none') kinds.add(`${folder.toLowerCase()}:${key}`);
  }
  return [...kinds];
}
