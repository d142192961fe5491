import type { ErrorCode } from '../shared/errors.js';

/** The HTTP status for each error code: the web's counterpart of EXIT_CODE_BY_ERROR. */
export const HTTP_STATUS_BY_ERROR: Readonly<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  'invalid-setting': 400,
  'unknown-setting': 404,
  'unknown-activity': 404,
  'invalid-status-change': 409,
  'activity-final': 409,
  'unknown-wave': 404,
  'invalid-wave': 400,
  'wave-overlap': 409,
  'unknown-plan': 400,
  'unknown-template': 404,
  'template-values-missing': 400,
  'file-unreadable': 400,
  'file-unwritable': 400,
  'not-permitted': 403,
  'workspace-not-found': 500,
  'workspace-exists': 500,
  'workspace-unreadable': 500,
  'workspace-foreign': 500,
  'workspace-too-new': 500,
  'audience-data-unconfirmed': 409,
};
