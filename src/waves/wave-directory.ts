import { type MailboxHolder, mailboxHolders } from '../audiences/audiences.store.js';
import { directoryReadOptions } from '../audiences/builtin-audiences.js';
import { rebuildDirectoryPersons } from '../audiences/directory-persons.store.js';
import { directoryState } from '../directory/directory-state.store.js';
import { readTypedSettings } from '../settings/settings.store.js';
import type { TypedSettings } from '../settings/typed-settings.js';
import type { Queryable } from '../store/store.js';
import { type LinkWeights, linkWeightsFrom } from './link-kinds.js';
import type { PermissionRow } from './plan-problem.js';
import { knownAddresses, mailboxMoveSizes, permissionRows, type SharedMailbox, sharedMailboxes } from './planning-data.store.js';
import { type ServiceAccount, serviceAccountsOf } from './service-accounts.js';
import type { Wave } from './wave.js';
import { listWaves } from './waves.store.js';

/** What every waves command reads: the waves, who has a mailbox, the shared mailboxes, sizes and rights. */
export interface WaveDirectory {
  settings: TypedSettings;
  waves: Wave[];
  holders: MailboxHolder[];
  shared: SharedMailbox[];
  sizes: Map<string, number>;
  permissions: PermissionRow[];
  known: Set<string>;
  weights: LinkWeights;
  /** Accounts with rights on more mailboxes than the service-account-links setting, most first. */
  serviceAccountList: ServiceAccount[];
  /** Their addresses. */
  serviceAccounts: Set<string>;
}

export async function readWaveDirectory(db: Queryable, orgId: string, now: Date): Promise<WaveDirectory> {
  let state = await directoryState(db, orgId);
  if (state.stale) {
    await rebuildDirectoryPersons(db, orgId, now);
    state = await directoryState(db, orgId);
  }
  const settings = await readTypedSettings(db, orgId);
  const [waves, holders, shared, sizes, permissions, known] = await Promise.all([
    listWaves(db, orgId),
    mailboxHolders(db, orgId, directoryReadOptions(settings, now, state.mailboxDomains)),
    sharedMailboxes(db, orgId),
    mailboxMoveSizes(db, orgId),
    permissionRows(db, orgId),
    knownAddresses(db, orgId),
  ]);
  const serviceAccountList = serviceAccountsOf(permissions, settings.serviceAccountLinks);
  return {
    settings,
    waves,
    holders,
    shared,
    sizes,
    permissions,
    known,
    weights: linkWeightsFrom(settings),
    serviceAccountList,
    serviceAccounts: new Set(serviceAccountList.map((account) => account.email)),
  };
}
