import type { Kysely, Migration } from 'kysely';

/**
 * Tasks: the occurrences of activities published through other channels than email (intranet,
 * newsletter, posters, briefings). A task is worked out from the timeline; only its closing is
 * stored here, with who closed it and when. See docs/adr/0009-tasks-for-other-channels.md.
 */
export function tasks(): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      await db.schema
        .createTable('tasks')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('task_key', 'text', (c) => c.notNull()) // the occurrence key: activity id, plus '@' and the wave id
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('wave_id', 'integer')
        .addColumn('state', 'text', (c) => c.notNull()) // done | skipped; both final
        .addColumn('closed_by', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tasks_pk', ['org_id', 'task_key'])
        .execute();
    },
  };
}
