import type { MailboxHolder } from '../audiences/audiences.store.js';
import type { LocalDate } from '../calendar/local-date.js';
import type { LinkWeights } from './link-kinds.js';
import type { SkippedWeekend, WeekendChoice } from './new-weekends.js';
import type { PinRow } from './pins-file.js';
import type { PlanOptions } from './plan-options.js';
import type { PermissionRow, PlanLimits } from './plan-problem.js';
import type { SharedMailbox } from './planning-data.store.js';
import type { ServiceAccount } from './service-accounts.js';
import type { Wave } from './wave.js';

/** Everything a plan is worked out from, read in one transaction. */
export interface PlanInputs {
  today: LocalDate;
  waves: readonly Wave[];
  holders: readonly MailboxHolder[];
  shared: readonly SharedMailbox[];
  sizes: ReadonlyMap<string, number>;
  permissions: readonly PermissionRow[];
  known: ReadonlySet<string>;
  weekends: { free: WeekendChoice[]; skipped: SkippedWeekend[] };
  options: PlanOptions;
  weights: LinkWeights;
  /** The service accounts, worked out once when the directory is read. */
  serviceAccountList: readonly ServiceAccount[];
  limits: PlanLimits;
  pins: readonly PinRow[];
  pinsFile?: string;
}
