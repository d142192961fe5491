/** The audit log lives in store/ so that every capability's use-case can write to it; this keeps the old import path working. */
export { type AuditEntry, appendAuditEntry, listAuditEntries } from '../store/audit-log.store.js';
