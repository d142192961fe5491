import { describe, expect, it } from 'vitest';
import {
  KNOWN_MIGRATION_STATUSES,
  MIGRATION_STATUS_FAMILIES,
  type MigrationOutcome,
  migrationOutcome,
  outcomeOfPass,
} from './migration-statuses.js';

/** Every status as the tools write it, with what it must mean. Written out, not derived from the code. */
const EXPECTED: readonly [status: string, outcome: MigrationOutcome][] = [
  // Exchange Get-MigrationUser / Get-MigrationUserStatistics: MigrationUserStatus
  ['Queued', 'in-progress'],
  ['Syncing', 'in-progress'],
  ['Failed', 'failed'],
  ['Synced', 'waiting'],
  ['IncrementalFailed', 'failed'],
  ['Completing', 'in-progress'],
  ['Completed', 'migrated'],
  ['CompletionFailed', 'failed'],
  ['Corrupted', 'failed'],
  ['Provisioning', 'in-progress'],
  ['ProvisionUpdating', 'in-progress'],
  ['CompletionSynced', 'waiting'],
  ['Validating', 'in-progress'],
  ['IncrementalSyncing', 'in-progress'],
  ['IncrementalSynced', 'waiting'],
  ['CompletedWithWarnings', 'migrated'],
  ['Stopped', 'stopped'],
  ['IncrementalStopped', 'stopped'],
  ['Starting', 'in-progress'],
  ['Stopping', 'in-progress'],
  ['Removing', 'in-progress'],
  // Exchange StatusSummary
  ['Active', 'in-progress'],
  // Exchange Get-MoveRequest Status (on-premises): RequestStatus
  ['None', 'in-progress'],
  ['InProgress', 'in-progress'],
  ['AutoSuspended', 'waiting'],
  ['CompletionInProgress', 'in-progress'],
  ['CompletedWithWarning', 'migrated'],
  ['Suspended', 'stopped'],
  // Exchange StatusDetail: RequestState
  ['OverallMove', 'in-progress'],
  ['InitializingMove', 'in-progress'],
  ['InitialSeeding', 'in-progress'],
  ['CreatingMailbox', 'in-progress'],
  ['CreatingFolderHierarchy', 'in-progress'],
  ['CreatingInitialSyncCheckpoint', 'in-progress'],
  ['LoadingMessages', 'in-progress'],
  ['CopyingMessages', 'in-progress'],
  ['Completion', 'in-progress'],
  ['IncrementalSync', 'in-progress'],
  ['Finalization', 'in-progress'],
  ['Cleanup', 'in-progress'],
  ['DataReplicationWait', 'in-progress'],
  ['ADUpdate', 'in-progress'],
  ['Stalled', 'in-progress'],
  ['StalledDueToHA', 'in-progress'],
  ['StalledDueToCI', 'in-progress'],
  ['StalledDueToMailboxLock', 'in-progress'],
  ['StalledDueToReadThrottle', 'in-progress'],
  ['StalledDueToWriteThrottle', 'in-progress'],
  ['StalledDueToReadCpu', 'in-progress'],
  ['StalledDueToWriteCpu', 'in-progress'],
  ['StalledDueToReadUnknown', 'in-progress'],
  ['StalledDueToWriteUnknown', 'in-progress'],
  ['StalledDueToTarget_MdbAvailability', 'in-progress'],
  ['StalledDueToSource_DiskLatency', 'in-progress'],
  ['TransientFailure', 'in-progress'],
  ['NetworkFailure', 'in-progress'],
  ['MDBOffline', 'in-progress'],
  ['ProxyBackoff', 'in-progress'],
  ['ServerBusyBackoff', 'in-progress'],
  ['InitialSeedingComplete', 'waiting'],
  ['Idle', 'in-progress'],
  ['Relinquished', 'in-progress'],
  ['RelinquishedMDBFailover', 'in-progress'],
  ['RelinquishedDataGuarantee', 'in-progress'],
  ['RelinquishedHAStall', 'in-progress'],
  ['RelinquishedCIStall', 'in-progress'],
  ['RelinquishedWlmStall', 'in-progress'],
  ['FailedBadItemLimit', 'failed'],
  ['FailedNetwork', 'failed'],
  ['FailedStallDueToHA', 'failed'],
  ['FailedStallDueToCI', 'failed'],
  ['FailedMAPI', 'failed'],
  ['FailedOther', 'failed'],
  ['FailedStuck', 'failed'],
  ['Canceled', 'stopped'],
  ['Removed', 'stopped'],
  // MigrationWiz: API statuses and the labels of its web page
  ['Not Submitted', 'in-progress'],
  ['NotMigrated', 'in-progress'],
  ['Submitted', 'in-progress'],
  ['Submitted (will start in 3 hours)', 'in-progress'],
  ['Waiting for User', 'in-progress'],
  ['WaitingForEndUser', 'in-progress'],
  ['Processing', 'in-progress'],
  ['Running', 'in-progress'],
  ['MaximumTransferReached', 'failed'],
  ['Completed (Successful)', 'migrated'],
  ['Completed (Failed)', 'failed'],
  ['Completed (Stopped)', 'stopped'],
  ['Completed (Pre-Stage)', 'waiting'],
  ['Completed (Trial)', 'in-progress'],
  // plain words
  ['migrated', 'migrated'],
  ['waiting', 'waiting'],
  ['failed', 'failed'],
  ['error', 'failed'],
  ['stopped', 'stopped'],
  ['in progress', 'in-progress'],
  ['not started', 'in-progress'],
];

describe('migration statuses mean what the tools mean', () => {
  it.each(EXPECTED)('reads %s as %s', (status, outcome) => {
    expect(migrationOutcome(status)).toBe(outcome);
  });

  it.each([
    ['completedwithwarnings', 'migrated'],
    [' COMPLETED ', 'migrated'],
    ['completed with warnings', 'migrated'],
    ['incremental_failed', 'failed'],
  ] as const)('ignores case, spaces and punctuation in %j', (status, outcome) => {
    expect(migrationOutcome(status)).toBe(outcome);
  });

  it('counts only Completed and CompletedWithWarnings (and the partner equivalents) as migrated', () => {
    const migrated = EXPECTED.filter(([, outcome]) => outcome === 'migrated').map(([status]) => status);
    expect(migrated).toEqual(['Completed', 'CompletedWithWarnings', 'CompletedWithWarning', 'Completed (Successful)', 'migrated']);
  });

  it.each(['Teleported', '', '   ', 'Complete', 'Sync'])('knows nothing of %j', (status) => {
    expect(migrationOutcome(status)).toBeUndefined();
  });

  it('has a test row for every status it lists, and lists every status when one is unknown', () => {
    const listed = MIGRATION_STATUS_FAMILIES.flatMap((family) => Object.values(family.outcomes).flat()).filter((s) => !s.includes('…'));
    const tested = new Set(EXPECTED.map(([status]) => status));
    expect(listed.filter((status) => !tested.has(status))).toEqual([]);
    for (const status of listed) expect(KNOWN_MIGRATION_STATUSES).toContain(status);
  });

  it('gives one meaning to a word several tools write', () => {
    const meanings = new Map<string, Set<string>>();
    for (const family of MIGRATION_STATUS_FAMILIES)
      for (const [outcome, statuses] of Object.entries(family.outcomes))
        for (const status of statuses) {
          const key = status.toLowerCase().replace(/[^a-z]/g, '');
          meanings.set(key, (meanings.get(key) ?? new Set()).add(outcome));
        }
    expect([...meanings].filter(([, outcomes]) => outcomes.size > 1)).toEqual([]);
  });

  it.each([
    ['migrated', 'PreStage', 'waiting'],
    ['migrated', 'Pre-Stage/MigrationWizMailbox', 'waiting'],
    ['migrated', 'Trial', 'in-progress'],
    ['migrated', 'Verification', 'in-progress'],
    ['migrated', 'Full/UserMigrationBundle', 'migrated'],
    ['migrated', 'ExchangeRemoteMove', 'migrated'],
    ['migrated', null, 'migrated'],
    ['failed', 'PreStage', 'failed'],
  ] as const)('reads a %s MigrationWiz pass of type %s as %s', (outcome, passType, expected) => {
    expect(outcomeOfPass(outcome, passType)).toBe(expected);
  });
});
