/**
 * True when a statement gave up waiting (the connection's busy timeout) for another connection's
 * write to end: an import, or the people table being worked out again after one. Nothing of the
 * statement was applied; the same request a little later succeeds.
 */
export function isWorkspaceBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
