import { buildTrust } from './trust-model.js';
import type { Person, Trust } from './trust-types.js';

/**
 * The second scenario: a small trust whose admin keeps each person's ESR employee number in
 * CustomAttribute1 and whose ESR list has no email addresses at all, so every row is linked by number
 * (setting `employee-number-attribute` = CustomAttribute1). Only mailboxes, ESR and migration results.
 * Nobody has left (a leaver's row with no address would be a question of its own). The bad input:
 * a contractor's mailbox carries a staff member's number too, so that row fits two mailboxes.
 */
export function buildEmployeeNumberTrust(): Trust {
  const trust = buildTrust(20270115, 230, 20);
  trust.employeeNumberColumn = 'CustomAttribute1';
  trust.people = trust.people.filter((person) => person.mailbox);
  trust.strayAccounts = [];
  trust.resources = [];
  trust.groups = [];
  trust.distributionGroups = [];
  trust.delegations = [];
  for (const person of trust.people) {
    person.nhsmail = undefined;
    const staff = person.staffList;
    const mailbox = person.mailbox as NonNullable<Person['mailbox']>;
    if (!staff) continue;
    staff.email = undefined;
    for (const assignment of staff.assignments)
      if (assignment.leavingDate && assignment.leavingDate <= '2026-11-24') assignment.leavingDate = undefined;
    mailbox.employeeNumberAttribute = String(staff.employeeNumber);
  }
  const sharedNumberHolder = trust.people.find((person) => person.id > 40 && person.staffList && !person.mailbox?.disabled) as Person;
  const contractor = trust.people.find((person) => !person.staffList && !person.mailbox?.disabled && person.id > 231) as Person;
  (contractor.mailbox as NonNullable<Person['mailbox']>).employeeNumberAttribute = String(sharedNumberHolder.staffList?.employeeNumber);
  return trust;
}

/** The staff member whose employee number is on two mailboxes in the second scenario. */
export function sharedEmployeeNumber(trust: Trust): string {
  const counts = new Map<string, number>();
  for (const person of trust.people) {
    const number = person.mailbox?.employeeNumberAttribute;
    if (number) counts.set(number, (counts.get(number) ?? 0) + 1);
  }
  return [...counts].find(([, count]) => count > 1)?.[0] ?? '';
}
