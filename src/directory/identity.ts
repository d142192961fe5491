/**
 * How an export names a person or mailbox. Exchange writes the same account as an address,
 * `DOMAIN\\user`, a display name, a GUID, a legacy DN or (for deleted accounts) a bare SID.
 */
export type IdentityKind = 'email' | 'account' | 'guid' | 'legacy-dn' | 'display-name' | 'sid' | 'system';

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
  // UserDisplayName in mobile exports is a path: contoso.local/Users/Jane Smith
  if (text.includes('/')) text = text.slice(text.lastIndexOf('/') + 1);
  return { kind: 'display-name', value: text.toLowerCase() };
}

const RIGHTS = /fullaccess|sendas|send-as|sendonbehalf/i;

/**
 * The kinds of access one permissions row grants, normalised: `full-access`, `send-as`,
 * `send-on-behalf`, or `<folder>:<level>` for folder permissions (`calendar:limiteddetails`).
 */
export function accessKinds(fields: {
  accessRights?: string | null;
  extendedRights?: string | null;
  folder?: string | null;
  mailbox: string;
  fromSendOnBehalfColumn: boolean;
}): readonly string[] {
  if (fields.fromSendOnBehalfColumn) return SEND_ON_BEHALF;
  const rights = `${fields.accessRights ?? ''},${fields.extendedRights ?? ''}`;
  const folder = fields.folder ?? /:\\(.+)$/.exec(fields.mailbox)?.[1] ?? '';
  if (folder) return rightsToKinds(rights, folder);
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
