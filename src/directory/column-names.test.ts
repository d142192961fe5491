import { describe, expect, it } from 'vitest';
import { describeMissingColumns, mapColumns } from './column-names.js';

const specs = [
  { field: 'email', headers: ['PrimarySmtpAddress', 'WindowsEmailAddress', 'EmailAddress'], required: true },
  { field: 'size', headers: ['TotalItemSize'], required: true },
  { field: 'name', headers: ['DisplayName', 'Name'] },
];

describe('columns a file lacks', () => {
  it.each([
    [['Alias', 'Name'], 'no PrimarySmtpAddress column (also accepted: WindowsEmailAddress, EmailAddress) and no TotalItemSize column'],
    [['Email Address', 'Name'], 'no TotalItemSize column'],
    [['total_item_size'], 'no PrimarySmtpAddress column (also accepted: WindowsEmailAddress, EmailAddress)'],
  ])('with the headers %j, says the file has %s', (headers, description) => {
    expect(describeMissingColumns(mapColumns(headers, specs).missingSpecs)).toBe(description);
  });

  it('names only required columns as missing', () => {
    expect(mapColumns(['EmailAddress', 'TotalItemSize'], specs).missing).toEqual([]);
  });
});
