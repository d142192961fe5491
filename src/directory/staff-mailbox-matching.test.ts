import { describe, expect, it } from 'vitest';
import { employeeNumberKey, matchStaffToMailboxes, type UnaddressedStaffRow, type UnclaimedMailbox } from './staff-mailbox-matching.js';

const row = (
  ref: string,
  lastName: string | null,
  firstName: string | null,
  employeeNumber: string | null = null,
): UnaddressedStaffRow => ({
  ref,
  employeeNumber,
  firstName,
  lastName,
  displayName: null,
});
const mailbox = (email: string, displayName: string, employeeNumber: string | null = null, current = true): UnclaimedMailbox => ({
  email,
  displayName,
  employeeNumber,
  current,
});

describe('matching staff-list rows with no work address to mailboxes', () => {
  it.each([
    {
      name: 'links by name when exactly one mailbox fits, whatever the order and accents',
      rows: [row('w:1', 'Nowak', 'Zoë')],
      mailboxes: [mailbox('zoe.nowak@trust.nhs.uk', 'Nowak, Zoe'), mailbox('sam.jones@trust.nhs.uk', 'Sam Jones')],
      links: ['w:1 zoe.nowak@trust.nhs.uk name'],
      unlinked: [],
    },
    {
      name: 'reads a lost letter (?) as any one letter',
      rows: [row('w:1', 'Nowak', '?ukasz')],
      mailboxes: [mailbox('lukasz.nowak@trust.nhs.uk', 'Łukasz Nowak')],
      links: ['w:1 lukasz.nowak@trust.nhs.uk name'],
      unlinked: [],
    },
    {
      name: 'links by employee number before name, ignoring leading zeros',
      rows: [row('w:1', 'Smith', 'John', '00012345')],
      mailboxes: [mailbox('j.smith@trust.nhs.uk', 'John Smith', '12345'), mailbox('john.smith@trust.nhs.uk', 'John Smith')],
      links: ['w:1 j.smith@trust.nhs.uk employee-number'],
      unlinked: [],
    },
    {
      name: 'lists two rows that fit one mailbox by name, and links neither',
      rows: [row('w:1', 'Smith', 'John'), row('w:2', 'Smith', 'John')],
      mailboxes: [mailbox('john.smith@trust.nhs.uk', 'John Smith')],
      links: [],
      unlinked: ['w:1 ambiguous john.smith@trust.nhs.uk', 'w:2 ambiguous john.smith@trust.nhs.uk'],
    },
    {
      name: 'lists a row whose name fits two mailboxes',
      rows: [row('w:1', 'Smith', 'John')],
      mailboxes: [mailbox('john.smith2@trust.nhs.uk', 'John Smith'), mailbox('john.smith@trust.nhs.uk', 'Smith, John')],
      links: [],
      unlinked: ['w:1 ambiguous john.smith2@trust.nhs.uk;john.smith@trust.nhs.uk'],
    },
    {
      name: 'lists an employee number found on two mailboxes',
      rows: [row('w:1', 'Smith', 'John', '777')],
      mailboxes: [mailbox('a@trust.nhs.uk', 'John Smith', '777'), mailbox('b@trust.nhs.uk', 'Jon Smith', '777')],
      links: [],
      unlinked: ['w:1 ambiguous a@trust.nhs.uk;b@trust.nhs.uk'],
    },
    {
      name: 'never links to a disabled mailbox, and says so',
      rows: [row('w:1', 'Jones', 'Sam')],
      mailboxes: [mailbox('sam.jones@trust.nhs.uk', 'Sam Jones', null, false)],
      links: [],
      unlinked: ['w:1 not-current sam.jones@trust.nhs.uk'],
    },
    {
      name: 'counts a disabled namesake as a candidate, so a current one is not taken on a guess',
      rows: [row('w:1', 'Jones', 'Sam')],
      mailboxes: [mailbox('sam.jones@trust.nhs.uk', 'Sam Jones', null, false), mailbox('sam.jones2@trust.nhs.uk', 'Sam Jones')],
      links: [],
      unlinked: ['w:1 ambiguous sam.jones2@trust.nhs.uk;sam.jones@trust.nhs.uk'],
    },
    {
      name: 'never gives a row with an employee number a mailbox that carries another',
      rows: [row('w:1', 'Jones', 'Sam', '1')],
      mailboxes: [mailbox('sam.jones@trust.nhs.uk', 'Sam Jones', '2')],
      links: [],
      unlinked: ['w:1 no-match '],
    },
    {
      name: 'lists a row whose name fits no mailbox, and one with no name to match by',
      rows: [row('w:1', 'Khan', 'Amir'), row('w:2', null, null)],
      mailboxes: [mailbox('sam.jones@trust.nhs.uk', 'Sam Jones')],
      links: [],
      unlinked: ['w:1 no-match ', 'w:2 no-match '],
    },
    {
      name: 'keeps Mary-Anne apart from Mary',
      rows: [row('w:1', 'Lee', 'Mary-Anne')],
      mailboxes: [mailbox('mary.lee@trust.nhs.uk', 'Mary Lee')],
      links: [],
      unlinked: ['w:1 no-match '],
    },
  ])('$name', ({ rows, mailboxes, links, unlinked }) => {
    const result = matchStaffToMailboxes(rows, mailboxes);
    expect(result.links.map((link) => `${link.ref} ${link.mailbox} ${link.source}`)).toEqual(links);
    expect(result.unlinked.map((each) => `${each.ref} ${each.reason} ${each.candidates.join(';')}`).sort()).toEqual(unlinked);
  });

  it.each([
    ['00012345', '12345'],
    [' E123 ', 'e123'],
    ['0', '0'],
    ['', undefined],
    [null, undefined],
  ])('reads employee number %j as %j', (written, key) => {
    expect(employeeNumberKey(written)).toBe(key);
  });
});
