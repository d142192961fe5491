import { describe, expect, it } from 'vitest';
import { firstNameForMessages, firstNameOf, lastNameForMessages, NEUTRAL_FIRST_NAME, withoutLostLetters } from './names-in-messages.js';

const person = (first_name: string | null, last_name: string | null, display_name: string | null) => ({
  first_name,
  last_name,
  display_name,
});

describe('the first name an email uses', () => {
  it.each([
    ['a first name that kept its letters', person('Łukasz', 'Nowak', 'Nowak, Łukasz'), 'Łukasz'],
    ['an apostrophe and a hyphen, which are no lost letters', person('Mary-Anne', "O'Neill", null), 'Mary-Anne'],
    ['the display name’s, when the staff list lost a letter', person('?ukasz', 'Nowak', 'Łukasz Nowak'), 'Łukasz'],
    ['the NHSmail form of the display name', person(null, null, 'NOWAK, Łukasz (EASTBROOK TRUST)'), 'Łukasz'],
    ['the words that kept their letters, when they read as a name', person('Mary ?ine', 'Byrne', null), 'Mary'],
    ['the name without a lost character standing alone', person('Sam ?', 'Jones', null), 'Sam'],
    ['"colleague" when every name lost the letter', person('?ukasz', 'Nowak', 'Nowak, ?ukasz'), NEUTRAL_FIRST_NAME],
    ['"colleague" for "Bj?rn", since "Bjrn" is no name', person('Bj?rn', null, null), NEUTRAL_FIRST_NAME],
    ['"colleague" for a name of nothing but lost letters', person('???', '??', null), NEUTRAL_FIRST_NAME],
    ['nothing for someone with no name at all', person(null, null, null), undefined],
  ])('is %s', (_label, names, expected) => {
    expect(firstNameForMessages(names)).toBe(expected);
  });

  it('is never a name with "?" in it', () => {
    for (const first of ['?ukasz', 'Bj?rn', 'Zo?', 'Se?n', '?', 'Anne-?ise'])
      expect(firstNameForMessages(person(first, null, `${first} Smith`))).not.toContain('?');
  });

  it('leaves lists showing the name as imported when no other kept its letters', () => {
    expect(firstNameOf(person('?ukasz', null, 'Nowak, ?ukasz'))).toBe('?ukasz');
    expect(firstNameOf(person('?ukasz', null, 'Łukasz Nowak'))).toBe('Łukasz');
  });
});

describe('the last name an email uses', () => {
  it.each([
    ['the staff list’s when it kept its letters', person('Zoë', 'Brontë', 'Zoë Bront?'), 'Brontë'],
    ["an apostrophe's surname", person('Seán', "O'Neill", null), "O'Neill"],
    ['the display name’s surname when the staff list lost a letter', person('Zo?', 'Bront?', 'Zoë Brontë'), 'Brontë'],
    ['the surname before the comma of "Surname, Forename"', person('?ukasz', 'Nowak-?ak', 'Nowak-Żak, Łukasz'), 'Nowak-Żak'],
    ['none when nothing left reads as a name', person('Zo?', 'Bront?', 'Bront?, Zo?'), undefined],
    ['none when there is none', person('Sam', null, 'Sam Jones'), undefined],
  ])('is %s', (_label, names, expected) => {
    expect(lastNameForMessages(names)).toBe(expected);
  });
});

describe('a name without the words that lost letters', () => {
  it.each([
    ['Mary ?ine', 'Mary'],
    ['Anna Maria ?ucja', 'Anna Maria'],
    ['?ukasz', undefined],
    ['Bj?rn', undefined],
    ['de ?', undefined],
    ['J ?', undefined],
  ])('%j reads %j', (name, left) => {
    expect(withoutLostLetters(name)).toBe(left);
  });
});
