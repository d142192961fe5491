import type { ImportKind } from './import-kinds.js';
import { STORED_PERSON_COLUMNS } from './staff-row.js';
import { STAGING_COLUMNS } from './staging-rows.js';

/** Where staged rows go: target columns, each with the staging expression that fills it. */
export interface MergeTarget {
  table: string;
  key: [string, string][];
  /** Target column and its staging expression (`s.column`) or a constant (`'address-map'`). */
  values: [string, string][];
  /** The stored rows this kind owns, which `--replace` may remove; all of them when unset. */
  owns?: string;
}

/** `address_links.source` of the pairs an address map gives. */
export const ADDRESS_MAP_SOURCE = 'address-map';

export const MERGE_TARGETS: Readonly<Record<Exclude<ImportKind, 'mailbox-stats'>, MergeTarget>> = {
  people: { table: 'people', key: [['email', 's.email']], values: STORED_PERSON_COLUMNS.map((c) => [c, `s.${c}`]) },
  mailboxes: { table: 'mailboxes', key: [['email', 's.email']], values: STAGING_COLUMNS.mailboxes.slice(1).map((c) => [c, `s.${c}`]) },
  'nhsmail-accounts': {
    table: 'nhsmail_accounts',
    key: [['email', 's.email']],
    values: STAGING_COLUMNS['nhsmail-accounts'].slice(1).map((c) => [c, `s.${c}`]),
  },
  'migration-status': {
    table: 'migration_results',
    key: [['email', 's.email']],
    values: STAGING_COLUMNS['migration-status'].slice(1).map((c) => [c, `s.${c}`]),
  },
  'address-map': {
    table: 'address_links',
    key: [['local_email', 's.email']],
    values: [
      ['nhsmail_email', 's.nhsmail_email'],
      ['source', `'${ADDRESS_MAP_SOURCE}'`],
    ],
    owns: `t.source = '${ADDRESS_MAP_SOURCE}'`,
  },
  'shared-mailbox-owners': {
    table: 'shared_mailbox_owners',
    key: [
      ['mailbox_email', 's.mailbox_email'],
      ['owner_email', 's.owner_email'],
    ],
    values: [],
  },
  'dl-owners': {
    table: 'distribution_list_owners',
    key: [
      ['list_email', 's.list_email'],
      ['owner_email', 's.owner_email'],
    ],
    values: [['list_name', 's.list_name']],
  },
  'mobile-devices': {
    table: 'mobile_devices',
    key: [
      ['email', 's.id_email'],
      ['device_id', 's.device_id'],
    ],
    values: ['device_type', 'device_model', 'device_os', 'last_sync'].map((c) => [c, `s.${c}`]),
  },
  'group-members': {
    table: 'group_members',
    key: [
      ['group_key', 's.group_key'],
      ['member_email', 's.id_email'],
    ],
    values: [],
  },
  permissions: {
    table: 'mailbox_permissions',
    key: [
      ['mailbox_email', 's.id_email'],
      ['user_email', 's.user_email'],
      ['access', 's.access'],
    ],
    values: [],
  },
};

export const STATS_COLUMNS = ['size_bytes', 'deleted_bytes', 'item_count', 'last_logon'];
