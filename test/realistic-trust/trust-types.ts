/** The ground truth of the fictional trust: who people really are, before any export mangles them. */

export const TODAY = '2026-11-24';
export const LOCAL_DOMAIN = 'northmoor.nhs.uk';
export const NETBIOS_DOMAIN = 'NORTHMOOR';
export const ORGANISATION_NAME = 'Northmoor Hospitals NHS Foundation Trust';
export const WAVES = ['Wave 1', 'Wave 2', 'Wave 3', 'Wave 4'] as const;
export const MB = 1024 ** 2;
export const GB = 1024 ** 3;

/** Every `MigrationUserStatus` value Exchange documents, plus `Removing`, which the admin centre shows. */
// biome-ignore format: a list of data reads better packed
export const MIGRATION_STATUSES = [
  'Queued', 'Provisioning', 'ProvisionUpdating', 'Validating', 'Syncing', 'Synced', 'IncrementalSyncing', 'IncrementalSynced',
  'Completing', 'CompletionSynced', 'Completed', 'CompletedWithWarnings', 'Failed', 'IncrementalFailed', 'CompletionFailed',
  'Corrupted', 'Stopped', 'IncrementalStopped', 'Removing',
] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

export interface Assignment {
  number: string;
  organisation: string;
  jobRole: string;
  primary: boolean;
  /** YYYY-MM-DD; absent while the assignment goes on. */
  leavingDate?: string;
}

export interface StaffListEntry {
  employeeNumber: number;
  title: string;
  /**
   * As HR typed it: usually the local address, sometimes capitalised or in capitals, the NHSmail address,
   * a personal address (gmail, hotmail...), or absent (ESR leaves it blank for many).
   */
  email?: string;
  assignments: Assignment[];
  wave?: string;
  getsNhsmail: boolean;
  helpdesk: boolean;
  applicationOwner: boolean;
  dlOwner: boolean;
  outlookUser: boolean;
}

export type UserMailboxType = 'UserMailbox' | 'LinkedMailbox' | 'RemoteUserMailbox';

/** Where the account sits in Active Directory: `northmoor.local/Northmoor/Staff`. */
export type OrganisationalUnit = 'Staff' | 'Contractors';

export interface LocalMailbox {
  address: string;
  samAccountName: string;
  displayName: string;
  /** The AD object's name (CN): `Forename Surname`, with a number added when the OU already holds that name. */
  name: string;
  ou: OrganisationalUnit;
  /** The employee number an administrator keeps in CustomAttribute1 (only in the employee-number scenario). */
  employeeNumberAttribute?: string;
  guid: string;
  recipientTypeDetails: UserMailboxType;
  disabled: boolean;
  itemBytes: number;
  deletedItemBytes: number;
  itemCount: number;
}

export interface MobileDevice {
  deviceId: string;
  deviceType: string;
  deviceModel: string;
  deviceOs: string;
  firstSync: Date;
  lastSuccessSync?: Date;
}

/** How the rules should link the account to its person, or why they cannot. */
export type NhsmailLink = 'address-map' | 'name' | 'same-address' | 'ambiguous' | 'no-match';

export interface NhsmailAccount {
  address: string;
  portalDisplayName: string;
  sizeMb: number;
  quotaMb: number;
  link: NhsmailLink;
}

/** People with a mailbox whom ESR does not hold: they move to NHSmail with everyone else. */
export type NonStaffKind = 'contractor' | 'agency' | 'honorary' | 'bank';

export interface Person {
  id: number;
  firstName: string;
  lastName: string;
  staffList?: StaffListEntry;
  /** Set for mailbox holders with no ESR row. */
  nonStaffKind?: NonStaffKind;
  /** The wave whose migration batch IT put a non-staff mailbox in (only the migration tool knows it). */
  itBatchWave?: string;
  mailbox?: LocalMailbox;
  devices: MobileDevice[];
  nhsmail?: NhsmailAccount;
  migrationStatus?: MigrationStatus;
}

export type ResourceType = 'SharedMailbox' | 'RoomMailbox' | 'EquipmentMailbox';

export interface SecurityGroup {
  name: string;
  /** Mail-enabled groups are in the Get-Recipient export too. */
  address?: string;
  memberIds: number[];
  /** False for a group whose members the admin's script did not export. */
  membersExported: boolean;
}

export interface FullAccessGrant {
  personId?: number;
  group?: string;
  deny?: boolean;
  /** A rights set without FullAccess, such as ReadPermission only. */
  notFullAccess?: boolean;
}

export interface ResourceMailbox {
  type: ResourceType;
  address: string;
  displayName: string;
  samAccountName: string;
  guid: string;
  itemBytes: number;
  grants: FullAccessGrant[];
  sendAsPersonIds: number[];
  calendarEditorIds: number[];
  ownerIds: number[];
}

/** Full access one person has to another's mailbox, as a PA has to a consultant's. */
export interface Delegation {
  mailboxOwnerId: number;
  delegateId: number;
}

export interface Trust {
  people: Person[];
  resources: ResourceMailbox[];
  groups: SecurityGroup[];
  distributionGroups: SecurityGroup[];
  delegations: Delegation[];
  /** NHSmail accounts of people the trust has no other record of. */
  strayAccounts: NhsmailAccount[];
  /** The mailbox column that carries the employee number, when the admin's export has one. */
  employeeNumberColumn?: 'CustomAttribute1';
}
