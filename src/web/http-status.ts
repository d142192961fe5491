import type { ErrorCode } from '../shared/errors.js';

/**
 * The HTTP status for each error code: the web's counterpart of EXIT_CODE_BY_ERROR. A malformed
 * value is 400, something named that is not there 404, a request the state of things refuses 409.
 */
export const HTTP_STATUS_BY_ERROR: Readonly<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  'invalid-setting': 400,
  'invalid-wave': 400,
  'template-values-missing': 400,
  'unknown-setting': 404,
  'unknown-activity': 404,
  'unknown-wave': 404,
  'unknown-plan': 400,
  'unknown-template': 404,
  'unknown-sender': 404,
  'unknown-audience': 404,
  'unknown-task': 404,
  'unknown-user': 404,
  'unknown-occurrence': 404,
  'unknown-organisation': 404,
  'unknown-person': 404,
  'unknown-department': 404,
  'unknown-closure-day': 404,
  'already-exists': 409,
  'changed-meanwhile': 409,
  conflict: 409,
  'over-capacity': 409,
  'setup-needed': 409,
  'invalid-status-change': 409,
  'activity-final': 409,
  'wave-overlap': 409,
  'audience-data-unconfirmed': 409,
  'not-permitted': 403,
  'file-unreadable': 400,
  'file-unwritable': 400,
  'workspace-not-found': 500,
  'workspace-exists': 500,
  'workspace-unreadable': 500,
  'workspace-foreign': 500,
  'workspace-too-new': 500,
  'workspace-unreachable': 503,
};
