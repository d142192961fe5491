import { plural } from '../shared/plural.js';
import type { DeviceOwnerCounts } from './device-owners.store.js';

const SHOWN_CANDIDATES = 5;

/** Why a device was left out: its mailbox part fits several mailboxes (named) or none. */
export function deviceOwnerReason(nameKind: string, matches: number, candidates: string | null): string {
  if (matches > 1) {
    const addresses = (candidates ?? '').split(',').filter(Boolean).sort();
    const shown = addresses.slice(0, SHOWN_CANDIDATES).join(', ');
    const more = addresses.length > SHOWN_CANDIDATES ? ` and ${addresses.length - SHOWN_CANDIDATES} more` : '';
    return `fits ${matches} mailboxes (${shown}${more}), so commsplan cannot tell whose device it is; skipped`;
  }
  if (nameKind === 'mailbox-name')
    return 'fits no mailbox in the mailbox list by Identity, Name, display name, alias, account name, UPN or GUID; skipped';
  return 'matches no one in the mailbox list or the staff list; skipped';
}

/** The refusal of a device file none of whose devices fits exactly one mailbox, saying what to import first. */
export function noDeviceOwnerMessage(file: string, counts: DeviceOwnerCounts, mailboxListImported: boolean): string {
  const how = `${counts.severalMailboxes} fit several mailboxes, ${counts.noMailbox} fit none`;
  const advice = mailboxListImported
    ? "Import a mailbox list that has each mailbox's Name and Identity (Get-Mailbox -ResultSize Unlimited | Select-Object Name,Identity,DisplayName,Alias,SamAccountName,UserPrincipalName,PrimarySmtpAddress,RecipientTypeDetails | Export-Csv, then commsplan import mailboxes), so that commsplan can tell the mailboxes apart"
    : 'No mailbox list has been imported: import it first (Get-Mailbox -ResultSize Unlimited | Select-Object Name,Identity,DisplayName,Alias,SamAccountName,UserPrincipalName,PrimarySmtpAddress,RecipientTypeDetails | Export-Csv, then commsplan import mailboxes)';
  return `${file}: none of its ${plural(counts.devices, 'device')} could be matched to exactly one mailbox (${how}). ${advice}, then import this file again. Nothing was changed.`;
}
