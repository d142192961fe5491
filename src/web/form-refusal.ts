import { type CommsplanError, type ErrorCode, isCommsplanError } from '../shared/errors.js';
import { HTTP_STATUS_BY_ERROR } from './http-status.js';

/**
 * The refusals a form shows beside its fields rather than on an error page: a malformed value,
 * something named that is not there, or a request the state of things refuses.
 */
const FORM_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid-input',
  'unknown-sender',
  'unknown-audience',
  'unknown-task',
  'unknown-user',
  'unknown-occurrence',
  'unknown-organisation',
  'unknown-person',
  'unknown-department',
  'unknown-closure-day',
  'already-exists',
  'changed-meanwhile',
  'invalid-status-change',
  'conflict',
  'over-capacity',
  'setup-needed',
]);

/** Whether a form shows `error` beside its fields; `alsoShown` adds the codes only that form can refuse with. */
export function isFormRefusal(error: unknown, alsoShown: readonly ErrorCode[] = []): error is CommsplanError {
  return isCommsplanError(error) && (FORM_REFUSALS.has(error.code) || alsoShown.includes(error.code));
}

/** The status of a page that shows a refusal on its form: the same as the error page would have. */
export const refusalStatus = (error: CommsplanError): number => HTTP_STATUS_BY_ERROR[error.code];
