/**
 * What a migration status means for the person: only `migrated` is ever emailed as moved.
 * `waiting` is copied and waiting for the switch-over; `stopped` was halted by an administrator.
 */
export type MigrationOutcome = 'migrated' | 'waiting' | 'failed' | 'stopped' | 'in-progress';

interface StatusFamily {
  /** Where these words come from, for the list of known statuses. */
  source: string;
  outcomes: Partial<Record<MigrationOutcome, readonly string[]>>;
}

/**
 * Every status each tool writes, as it writes it. Exchange lists are the MigrationUserStatus,
 * MigrationUserStatusSummary, RequestStatus and RequestState enumerations; MigrationWiz's are
 * the API's statuses and the labels its web page shows.
 */
export const MIGRATION_STATUS_FAMILIES: readonly StatusFamily[] = [
  {
    source: 'Exchange Get-MigrationUser and Get-MigrationUserStatistics Status',
    outcomes: {
      migrated: ['Completed', 'CompletedWithWarnings'],
      waiting: ['Synced', 'IncrementalSynced', 'CompletionSynced'],
      failed: ['Failed', 'IncrementalFailed', 'CompletionFailed', 'Corrupted'],
      stopped: ['Stopped', 'IncrementalStopped'],
      'in-progress': [
        'Queued',
        'Validating',
        'Provisioning',
        'ProvisionUpdating',
        'Starting',
        'Syncing',
        'IncrementalSyncing',
        'Completing',
        'Stopping',
        'Removing',
      ],
    },
  },
  {
    source: 'Exchange StatusSummary',
    outcomes: { migrated: ['Completed'], waiting: ['Synced'], failed: ['Failed'], stopped: ['Stopped'], 'in-progress': ['Active'] },
  },
  {
    source: 'Exchange Get-MoveRequest Status (on-premises)',
    outcomes: {
      migrated: ['Completed', 'CompletedWithWarning'],
      waiting: ['Synced', 'AutoSuspended'],
      failed: ['Failed'],
      stopped: ['Suspended'],
      'in-progress': ['None', 'Queued', 'InProgress', 'CompletionInProgress'],
    },
  },
  {
    source: 'Exchange StatusDetail',
    outcomes: {
      migrated: ['Completed', 'CompletedWithWarnings'],
      waiting: ['AutoSuspended', 'InitialSeedingComplete'],
      failed: [
        'Failed',
        'FailedBadItemLimit',
        'FailedNetwork',
        'FailedStallDueToHA',
        'FailedStallDueToCI',
        'FailedMAPI',
        'FailedOther',
        'FailedStuck',
      ],
      stopped: ['Suspended', 'Canceled', 'Removed'],
      'in-progress': [
        'OverallMove',
        'InProgress',
        'InitializingMove',
        'InitialSeeding',
        'CreatingMailbox',
        'CreatingFolderHierarchy',
        'CreatingInitialSyncCheckpoint',
        'LoadingMessages',
        'CopyingMessages',
        'Completion',
        'IncrementalSync',
        'Finalization',
        'Cleanup',
        'DataReplicationWait',
        'ADUpdate',
        'Stalled',
        'StalledDueToHA',
        'StalledDueToCI',
        'StalledDueToMailboxLock',
        'StalledDueToReadThrottle',
        'StalledDueToWriteThrottle',
        'StalledDueToReadCpu',
        'StalledDueToWriteCpu',
        'StalledDueToReadUnknown',
        'StalledDueToWriteUnknown',
        'StalledDueToSource_… and StalledDueToTarget_… (any reason)',
        'TransientFailure',
        'NetworkFailure',
        'MDBOffline',
        'ProxyBackoff',
        'ServerBusyBackoff',
        'Idle',
        'Relinquished',
        'RelinquishedMDBFailover',
        'RelinquishedDataGuarantee',
        'RelinquishedHAStall',
        'RelinquishedCIStall',
        'RelinquishedWlmStall',
      ],
    },
  },
  {
    source: 'MigrationWiz',
    outcomes: {
      migrated: ['Completed', 'Completed (Successful)'],
      waiting: ['Completed (Pre-Stage)'],
      failed: ['Failed', 'Completed (Failed)', 'MaximumTransferReached'],
      stopped: ['Stopped', 'Completed (Stopped)'],
      'in-progress': [
        'Not Submitted',
        'NotMigrated',
        'Submitted',
        'Submitted (will start in …)',
        'Queued',
        'Waiting for User',
        'WaitingForEndUser',
        'Processing',
        'Running',
        'Stopping',
        'Completed (Trial)',
      ],
    },
  },
  {
    source: 'plain words',
    outcomes: {
      migrated: ['migrated'],
      waiting: ['waiting'],
      failed: ['failed', 'error'],
      stopped: ['stopped'],
      'in-progress': ['in progress', 'not started'],
    },
  },
];

/** Statuses compared ignoring case, spaces and punctuation: `Completed (Pre-Stage)` is `completedprestage`. */
function statusKey(status: string): string {
  return status.toLowerCase().replace(/[^a-z]/g, '');
}

/** Statuses that carry a variable part after a fixed start. */
const OUTCOME_BY_PREFIX: readonly [prefix: string, outcome: MigrationOutcome][] = [
  ['stalledduetosource', 'in-progress'],
  ['stalledduetotarget', 'in-progress'],
  ['submittedwillstartin', 'in-progress'],
];

function outcomeTable(): Map<string, MigrationOutcome> {
  const table = new Map<string, MigrationOutcome>();
  for (const family of MIGRATION_STATUS_FAMILIES) {
    for (const [outcome, statuses] of Object.entries(family.outcomes) as [MigrationOutcome, readonly string[]][]) {
      for (const status of statuses) if (!status.includes('…')) table.set(statusKey(status), outcome);
    }
  }
  return table;
}

const OUTCOME_BY_STATUS = outcomeTable();

/** What a status means, or undefined when commsplan does not know it. */
export function migrationOutcome(status: string): MigrationOutcome | undefined {
  const key = statusKey(status);
  if (key === '') return undefined;
  return OUTCOME_BY_STATUS.get(key) ?? OUTCOME_BY_PREFIX.find(([prefix]) => key.startsWith(prefix))?.[1];
}

/**
 * MigrationWiz runs passes of several types; a completed pre-stage pass has copied the mail
 * but not switched the person over, and a trial pass copies only a sample.
 */
export function outcomeOfPass(outcome: MigrationOutcome, passType: string | null | undefined): MigrationOutcome {
  if (outcome !== 'migrated' || !passType) return outcome;
  const pass = statusKey(passType);
  if (pass.startsWith('prestage')) return 'waiting';
  if (pass.startsWith('trial') || pass.startsWith('verification')) return 'in-progress';
  return outcome;
}

/** Every status commsplan knows, by the tool that writes it, for the message about an unknown one. */
export const KNOWN_MIGRATION_STATUSES = MIGRATION_STATUS_FAMILIES.map(
  (family) => `${family.source}: ${Object.values(family.outcomes).flat().join(', ')}`,
).join('; ');
