import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect.js';
import { initialSchema } from './0001-initial.js';
import { directorySchema } from './0002-directory.js';
import { audienceIndexes } from './0003-audience-indexes.js';
import { identityIndexes } from './0004-identity-indexes.js';
import { peopleAndLinks } from './0005-people-and-links.js';
import { directoryPersons } from './0006-directory-persons.js';
import { delivery } from './0007-delivery.js';
import { occurrenceAudience } from './0009-occurrence-audience.js';
import { waveResults } from './0010-wave-results.js';
import { tasks } from './0011-tasks.js';
import { bounces } from './0012-bounces.js';
import { webAccounts } from './0013-web-accounts.js';
import { outboxClaimable } from './0015-outbox-claimable.js';
import { audienceCounts } from './0016-audience-counts.js';
import { slimmerOutboxIndexes } from './0017-slimmer-outbox-indexes.js';
import { staffMailboxLinks } from './0018-staff-mailbox-links.js';
import { lostLetters } from './0019-lost-letters.js';
import { catchUp } from './0020-catch-up.js';
import { sendOrderAndTaskNotes } from './0022-send-order-and-task-notes.js';
import { mailboxNames } from './0023-mailbox-names.js';
import { distributionListOwners } from './0026-distribution-list-owners.js';
import { waveAssignments } from './0027-wave-assignments.js';
import { auditLogFilterIndexes } from './0028-audit-log-filter-indexes.js';
import { webJobs } from './0030-web-jobs.js';
import { postgresFunctions } from './0031-postgres-functions.js';

/** Migrations in order; names sort in the order they run. Never edit one that has shipped. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initialSchema(dialect),
    '0002-directory': directorySchema(dialect),
    '0003-audience-indexes': audienceIndexes(),
    '0004-identity-indexes': identityIndexes(),
    '0005-people-and-links': peopleAndLinks(),
    '0006-directory-persons': directoryPersons(),
    '0007-delivery': delivery(dialect),
    '0009-occurrence-audience': occurrenceAudience(),
    '0010-wave-results': waveResults(),
    '0011-tasks': tasks(),
    '0012-bounces': bounces(),
    '0013-web-accounts': webAccounts(dialect),
    '0015-outbox-claimable': outboxClaimable(),
    '0016-audience-counts': audienceCounts(),
    '0017-slimmer-outbox-indexes': slimmerOutboxIndexes(dialect),
    '0018-staff-mailbox-links': staffMailboxLinks(),
    '0019-lost-letters': lostLetters(),
    '0020-catch-up': catchUp(),
    '0022-send-order-and-task-notes': sendOrderAndTaskNotes(dialect),
    '0023-mailbox-names': mailboxNames(),
    '0026-distribution-list-owners': distributionListOwners(),
    '0027-wave-assignments': waveAssignments(),
    '0028-audit-log-filter-indexes': auditLogFilterIndexes(),
    '0030-web-jobs': webJobs(dialect),
    '0031-postgres-functions': postgresFunctions(dialect),
  };
  return { getMigrations: async () => migrations };
}
