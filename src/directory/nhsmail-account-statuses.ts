/** Whether the NHSmail portal still holds the account: deleted ones are nobody's NHSmail account. */
export type NhsmailAccountState = 'exists' | 'deleted';

/** The account statuses the NHSmail portal shows, as it writes them. */
const STATE_BY_ACCOUNT_STATUS: readonly [status: string, state: NhsmailAccountState][] = [
  ['Active', 'exists'],
  ['Inactive', 'exists'],
  ['Active (Leaver)', 'exists'],
  ['Locked', 'exists'],
  ['Disabled', 'exists'],
  ['Disabled_Leaver', 'exists'],
  ['Enabling', 'exists'],
  ['Disabling', 'exists'],
  ['Restoring', 'exists'],
  ['Pending', 'exists'],
  ['Migration Pending', 'exists'],
  ['Deleting', 'deleted'],
  ['Deleted', 'deleted'],
  ['Deleted_Permanent', 'deleted'],
];

const statusKey = (status: string) => status.toLowerCase().replace(/[^a-z]/g, '');
const STATE_BY_KEY = new Map(STATE_BY_ACCOUNT_STATUS.map(([status, state]) => [statusKey(status), state]));

/** The state an account status stands for; undefined when the portal is not known to write it. */
export function nhsmailAccountState(status: string): NhsmailAccountState | undefined {
  return STATE_BY_KEY.get(statusKey(status));
}

export const KNOWN_NHSMAIL_ACCOUNT_STATUSES = STATE_BY_ACCOUNT_STATUS.map(([status]) => status).join(', ');
