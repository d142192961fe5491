import type { Migration } from 'kysely';

/**
 * Narrow indexes that let audience counts read an index instead of whole rows: user mailboxes
 * with their sizes (local users, all staff, over and nearing quota), and people by wave.
 */
export function audienceIndexes(): Migration {
  return {
    up: async (db) => {
      await db.schema
        .createIndex('mailboxes_type_size')
        .on('mailboxes')
        .columns(['org_id', 'mailbox_type', 'email', 'size_bytes'])
        .execute();
      await db.schema.createIndex('people_wave').on('people').columns(['org_id', 'wave_name']).execute();
    },
  };
}
