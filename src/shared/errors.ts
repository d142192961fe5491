/** Every failure a person may need to act on has one of these codes. */
export type ErrorCode =
  | 'invalid-input'
  | 'invalid-setting'
  | 'unknown-setting'
  | 'unknown-activity'
  | 'invalid-status-change'
  | 'activity-final'
  | 'unknown-wave'
  | 'invalid-wave'
  | 'wave-overlap'
  | 'unknown-plan'
  | 'workspace-not-found'
  | 'workspace-exists'
  | 'workspace-unreadable'
  | 'workspace-foreign'
  | 'workspace-too-new'
  | 'template-values-missing'
  | 'unknown-template'
  | 'file-unreadable'
  | 'file-unwritable'
  | 'not-permitted'
  | 'audience-data-unconfirmed';

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

/**
 * Exit codes of the CLI: 1 means "the plan has problems", 2 bad input, 3 workspace trouble, 4 an
 * audience's data needs confirming (empty, never imported or old) before its email is approved or sent.
 */
export const EXIT_CODE_BY_ERROR: Readonly<Record<ErrorCode, number>> = {
  'invalid-input': 2,
  'invalid-setting': 2,
  'unknown-setting': 2,
  'unknown-activity': 2,
  'invalid-status-change': 2,
  'activity-final': 2,
  'unknown-wave': 2,
  'invalid-wave': 2,
  'wave-overlap': 2,
  'unknown-plan': 2,
  'unknown-template': 2,
  'template-values-missing': 2,
  'file-unreadable': 2,
  'file-unwritable': 2,
  'not-permitted': 2,
  'workspace-not-found': 3,
  'workspace-exists': 3,
  'workspace-unreadable': 3,
  'workspace-foreign': 3,
  'workspace-too-new': 3,
  'audience-data-unconfirmed': 4,
};
