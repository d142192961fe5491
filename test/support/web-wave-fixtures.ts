import { at, importRows } from './people-fixtures.js';
import type { TestSite } from './web-harness.js';

/**
 * Eight mailboxes to move, linked by rights: a chief executive and the assistant with full access
 * to her mailbox; three in Finance sharing the Finance team mailbox; two radiographers, one with
 * full access to the other's. Four a wave cannot take the Finance group whole, so a plan breaks a link.
 */
export const WAVE_MAILBOXES = [
  ['PrimarySmtpAddress', 'DisplayName', 'RecipientTypeDetails', 'AccountDisabled'],
  [at('cara.chief'), 'Cara Chief', 'UserMailbox', 'False'],
  [at('pat.assist'), 'Pat Assist', 'UserMailbox', 'False'],
  [at('fay.fin'), 'Fay Fin', 'UserMailbox', 'False'],
  [at('gus.fin'), 'Gus Fin', 'UserMailbox', 'False'],
  [at('hal.fin'), 'Hal Fin', 'UserMailbox', 'False'],
  [at('ray.rad'), 'Ray Rad', 'UserMailbox', 'False'],
  [at('sue.rad'), 'Sue Rad', 'UserMailbox', 'False'],
  [at('finance.team'), 'Finance Team', 'SharedMailbox', 'False'],
];

export const WAVE_STAFF = [
  ['Employee Number', 'Last Name', 'First Name', 'Email Address', 'Organisation', 'Projected Leaving Date', 'NHSmailAccount'],
  ['3001', 'Chief', 'Cara', at('cara.chief'), 'Executive Office', '', 'Yes'],
  ['3002', 'Assist', 'Pat', at('pat.assist'), 'Executive Office', '', 'Yes'],
  ['3003', 'Fin', 'Fay', at('fay.fin'), 'Finance', '', 'Yes'],
  ['3004', 'Fin', 'Gus', at('gus.fin'), 'Finance', '', 'Yes'],
  ['3005', 'Fin', 'Hal', at('hal.fin'), 'Finance', '', 'Yes'],
  ['3006', 'Rad', 'Ray', at('ray.rad'), 'Radiology', '', 'Yes'],
  ['3007', 'Rad', 'Sue', at('sue.rad'), 'Radiology', '', 'Yes'],
];

export const WAVE_RIGHTS = [
  ['Mailbox', 'User', 'AccessRights'],
  [at('cara.chief'), at('pat.assist'), 'FullAccess'],
  [at('finance.team'), at('fay.fin'), 'FullAccess'],
  [at('finance.team'), at('gus.fin'), 'FullAccess'],
  [at('finance.team'), at('hal.fin'), 'FullAccess'],
  [at('sue.rad'), at('ray.rad'), 'FullAccess'],
];

/** The mailboxes (with `extra` rows added), their rights and the staff list, through the real import. */
export async function importWavePeople(site: TestSite, extra: string[][] = []): Promise<void> {
  await importRows(site, 'mailboxes.csv', [...WAVE_MAILBOXES, ...extra], 'powershell');
  await importRows(site, 'rights.csv', WAVE_RIGHTS, 'excel');
  await importRows(site, 'esr.csv', WAVE_STAFF, 'excel');
}
