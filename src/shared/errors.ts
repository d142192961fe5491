/**
 * Every failure a person may need to act on has one of these codes. Each says what kind of
 * trouble it is (the message says what to do about it), so the web can answer with the right
 * HTTP status (web/http-status.ts) and the CLI with the right exit code (EXIT_CODE_BY_ERROR).
 */
export type ErrorCode =
  // A value that is malformed or missing: a date that is not a date, an empty name, a bad option.
  | 'invalid-input'
  | 'invalid-setting'
  | 'invalid-wave'
  | 'template-values-missing'
  // Something named that is not there.
  | 'unknown-setting'
  | 'unknown-activity'
  | 'unknown-wave'
  | 'unknown-plan'
  | 'unknown-template'
  | 'unknown-sender'
  | 'unknown-audience'
  | 'unknown-task'
  | 'unknown-user'
  | 'unknown-occurrence'
  | 'unknown-organisation'
  | 'unknown-person'
  | 'unknown-department'
  | 'unknown-closure-day'
  // The request is well formed, but the state of things refuses it.
  | 'already-exists'
  | 'changed-meanwhile'
  | 'conflict'
  | 'over-capacity'
  | 'setup-needed'
  | 'invalid-status-change'
  | 'activity-final'
  | 'wave-overlap'
  | 'audience-data-unconfirmed'
  | 'not-permitted'
  // Files and the workspace.
  | 'file-unreadable'
  | 'file-unwritable'
  | 'workspace-not-found'
  | 'workspace-exists'
  | 'workspace-unreadable'
  | 'workspace-foreign'
  | 'workspace-too-new'
  | 'workspace-unreachable';

export class CommsplanError extends Error {
  override readonly name = 'CommsplanError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isCommsplanError(error: unknown): error is CommsplanError {
  return error instanceof CommsplanError;
}

/** Every exit code of the CLI, each with one meaning; README.md's table of exit codes lists them all. */
export const EXIT_CODES = {
  /** Done; for check, nothing blocks the plan. */
  done: 0,
  /** check found blockers. */
  blockers: 1,
  /** A value, option, name or file commsplan cannot use, or something the plan's state refuses; nothing was changed. */
  badInput: 2,
  /** The workspace is missing, not commsplan's, damaged, too new, unreachable, or kept busy by another program. */
  workspace: 3,
  /** approve or send stopped at an email whose audience data needs confirming. */
  audienceData: 4,
  /** A mail server refused or could not be reached: a test email did not go, or a mailbox was not read. */
  mailServer: 5,
  /** An unexpected internal error (EX_SOFTWARE in sysexits.h): a fault in commsplan to report. */
  internal: 70,
} as const;

export const EXIT_CODE_BY_ERROR: Readonly<Record<ErrorCode, number>> = {
  'invalid-input': EXIT_CODES.badInput,
  'invalid-setting': EXIT_CODES.badInput,
  'invalid-wave': EXIT_CODES.badInput,
  'template-values-missing': EXIT_CODES.badInput,
  'unknown-setting': EXIT_CODES.badInput,
  'unknown-activity': EXIT_CODES.badInput,
  'unknown-wave': EXIT_CODES.badInput,
  'unknown-plan': EXIT_CODES.badInput,
  'unknown-template': EXIT_CODES.badInput,
  'unknown-sender': EXIT_CODES.badInput,
  'unknown-audience': EXIT_CODES.badInput,
  'unknown-task': EXIT_CODES.badInput,
  'unknown-user': EXIT_CODES.badInput,
  'unknown-occurrence': EXIT_CODES.badInput,
  'unknown-organisation': EXIT_CODES.badInput,
  'unknown-person': EXIT_CODES.badInput,
  'unknown-department': EXIT_CODES.badInput,
  'unknown-closure-day': EXIT_CODES.badInput,
  'already-exists': EXIT_CODES.badInput,
  'changed-meanwhile': EXIT_CODES.badInput,
  conflict: EXIT_CODES.badInput,
  'over-capacity': EXIT_CODES.badInput,
  'setup-needed': EXIT_CODES.badInput,
  'invalid-status-change': EXIT_CODES.badInput,
  'activity-final': EXIT_CODES.badInput,
  'wave-overlap': EXIT_CODES.badInput,
  'not-permitted': EXIT_CODES.badInput,
  'file-unreadable': EXIT_CODES.badInput,
  'file-unwritable': EXIT_CODES.badInput,
  'audience-data-unconfirmed': EXIT_CODES.audienceData,
  'workspace-not-found': EXIT_CODES.workspace,
  'workspace-exists': EXIT_CODES.workspace,
  'workspace-unreadable': EXIT_CODES.workspace,
  'workspace-foreign': EXIT_CODES.workspace,
  'workspace-too-new': EXIT_CODES.workspace,
  'workspace-unreachable': EXIT_CODES.workspace,
};
