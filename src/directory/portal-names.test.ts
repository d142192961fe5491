import { describe, expect, it } from 'vitest';
import { displayNameKey, portalNameKey, staffNameKey } from './portal-names.js';

describe('names compared across the portal, the staff list and Exchange', () => {
  it.each([
    ['SMITH, Sarah (NORTHMOOR HOSPITALS NHS FOUNDATION TRUST)', 'smith|sarah'],
    ['SMITH, Sarah Jane (NORTHMOOR HOSPITALS NHS FOUNDATION TRUST)', 'smith|sarah'],
    ["O'NEILL, Seán (NORTHMOOR HOSPITALS NHS FOUNDATION TRUST)", 'oneill|sean'],
    ['BROWN-JONES, Zoë (NHS ENGLAND)', 'brown jones|zoe'],
    ['  PATEL ,  Priya  (X) ', 'patel|priya'],
    ['Sarah Smith', undefined],
    ['', undefined],
  ])('reads the portal name %j as %j', (name, expected) => {
    expect(portalNameKey(name)).toBe(expected);
  });

  it.each([
    ['Sam Jones', 'jones|sam'],
    ['Jones, Sam', 'jones|sam'],
    ['Jones, Sam (Pharmacy)', 'jones|sam'],
    ['Mary Anne Brown-Jones', 'brown jones|mary'],
    ['Zo? Br?wn', undefined],
    ['Reception', undefined],
  ])('reads the Exchange display name %j as %j', (name, expected) => {
    expect(displayNameKey(name)).toBe(expected);
  });

  it('reads the staff list columns the same way, and nothing from half a name', () => {
    // Written out by hand: accents and apostrophes go, a letter of its own such as Ł stays.
    expect(staffNameKey("O'Neill", 'Seán')).toBe('oneill|sean');
    expect(portalNameKey("O'NEILL, Sean (TRUST)")).toBe('oneill|sean');
    expect(staffNameKey('Nowak', 'Łukasz')).toBe('nowak|łukasz');
    expect(portalNameKey('NOWAK, Łukasz (TRUST)')).toBe('nowak|łukasz');
    expect(staffNameKey('Brown-Jones', 'Mary-Anne Louise')).toBe('brown jones|maryanne');
    expect(staffNameKey(null, 'Sam')).toBeUndefined();
    expect(portalNameKey('SMITH, Mary-Anne (TRUST)')).toBe('smith|maryanne');
    expect(displayNameKey('Mary Smith')).not.toBe(portalNameKey('SMITH, Mary-Anne (TRUST)'));
  });
});
