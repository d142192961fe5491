export type MigrationOutcome = 'migrated' | 'failed' | 'in-progress';

/**
 * Statuses from Exchange migration batches (Get-MigrationUser), MigrationWiz, and plain words,
 * compared ignoring case, spaces and punctuation.
 */
const OUTCOME_BY_STATUS: Readonly<Record<string, MigrationOutcome>> = {
  completed: 'migrated',
  completedwithwarnings: 'migrated',
  completedwithwarning: 'migrated',
  completedsuccessful: 'migrated',
  synced: 'migrated',
  migrated: 'migrated',
  success: 'migrated',
  successful: 'migrated',
  succeeded: 'migrated',
  done: 'migrated',
  failed: 'failed',
  completedfailed: 'failed',
  corrupted: 'failed',
  stopped: 'failed',
  error: 'failed',
  queued: 'in-progress',
  provisioning: 'in-progress',
  provisionupdating: 'in-progress',
  validating: 'in-progress',
  starting: 'in-progress',
  syncing: 'in-progress',
  incrementalsyncing: 'in-progress',
  completing: 'in-progress',
  stopping: 'in-progress',
  removing: 'in-progress',
  submitted: 'in-progress',
  running: 'in-progress',
  notstarted: 'in-progress',
  pending: 'in-progress',
  completedtrial: 'in-progress',
};

export function migrationOutcome(status: string): MigrationOutcome | undefined {
  return OUTCOME_BY_STATUS[status.toLowerCase().replace(/[^a-z]/g, '')];
}

export const KNOWN_MIGRATION_STATUSES =
  'Completed, CompletedWithWarnings, Synced, Failed, Stopped, Syncing, Queued (Exchange); Completed (Successful), Completed (Failed), Submitted, Running (MigrationWiz); migrated, failed';
