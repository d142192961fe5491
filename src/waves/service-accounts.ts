import type { PermissionRow } from './plan-problem.js';

export interface ServiceAccount {
  email: string;
  mailboxes: number;
}

/**
 * Accounts holding rights on more than `threshold` mailboxes (scanners, admins, applications),
 * most first: waves planning leaves their links out, or they would pull everyone into one wave.
 */
export function serviceAccountsOf(permissions: readonly PermissionRow[], threshold: number): ServiceAccount[] {
  const mailboxesOf = new Map<string, Set<string>>();
  for (const row of permissions) {
    const set = mailboxesOf.get(row.holder) ?? new Set<string>();
    if (set.size === 0) mailboxesOf.set(row.holder, set);
    set.add(row.mailbox);
  }
  return [...mailboxesOf]
    .filter(([, set]) => set.size > threshold)
    .map(([email, set]) => ({ email, mailboxes: set.size }))
    .sort((a, b) => b.mailboxes - a.mailboxes || a.email.localeCompare(b.email));
}
