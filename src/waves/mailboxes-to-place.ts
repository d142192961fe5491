import type { PlanInputs } from './plan-inputs.js';
import type { MailboxToPlace } from './plan-problem.js';
import { hasStarted } from './wave.js';
import type { AssignmentSource } from './wave-assignments.store.js';

/** Who the plan places, and who it leaves where they are, by why. */
export interface Placing {
  mailboxes: MailboxToPlace[];
  /** Mailboxes whose wave has started or finished: they stay in it. */
  inStartedWaves: number;
  moved: number;
  notCurrent: number;
  notGettingNhsmail: number;
}

/** The mailboxes still to move that are not in a wave that has started, by address. */
export function mailboxesToPlace(inputs: PlanInputs): Placing {
  const started = (name: string | null) => hasStarted(inputs.waves, name, inputs.today);
  const placing: Placing = { mailboxes: [], inStartedWaves: 0, moved: 0, notCurrent: 0, notGettingNhsmail: 0 };
  for (const holder of inputs.holders) {
    if (holder.notCurrent) placing.notCurrent += 1;
    else if (!holder.getsNhsmail) placing.notGettingNhsmail += 1;
    else if (holder.migrated) placing.moved += 1;
    else if (started(holder.wave)) placing.inStartedWaves += 1;
    else
      placing.mailboxes.push({
        email: holder.email,
        name: holder.displayName ?? holder.email,
        kind: 'person',
        department: holder.department,
        bytes: inputs.sizes.get(holder.email) ?? 0,
        wave: holder.wave,
        source: holder.assignment,
        staffWave: holder.staffWave,
      });
  }
  // A shared mailbox whose move failed is not carried over as people are: it is planned again here.
  for (const mailbox of inputs.shared) {
    if (mailbox.migrated) placing.moved += 1;
    else if (started(mailbox.wave) && !mailbox.failed) placing.inStartedWaves += 1;
    else
      placing.mailboxes.push({
        email: mailbox.email,
        name: mailbox.name ?? mailbox.email,
        kind: 'shared',
        department: null,
        bytes: mailbox.bytes,
        wave: mailbox.wave,
        source: mailbox.source as AssignmentSource | null,
        staffWave: null,
      });
  }
  placing.mailboxes.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return placing;
}
