import { describe, expect, it } from 'vitest';
import { nhsmailAccountState } from './nhsmail-account-statuses.js';
import { parseSizeInColumn } from './size-columns.js';

const MB = 1024 ** 2;

describe('sizes in columns that name their unit', () => {
  it.each([
    ['Mailbox Size (MB)', '1536', 1536 * MB],
    ['Mailbox Size (MB)', '1536.5', Math.round(1536.5 * MB)],
    ['Mailbox Size (MB)', '1,536', 1536 * MB],
    ['Quota (MB)', '51200', 50 * 1024 ** 3],
    ['Quota (GB)', '4', 4 * 1024 ** 3],
    ['size_mb', '2', 2 * MB],
    ['QuotaMB', '2', 2 * MB],
    ['Mailbox Size (MB)', '2 GB', 2 * 1024 ** 3],
    ['Current Size', '2048', 2048],
    ['Current Size', '3.217 GB (3,454,230,118 bytes)', 3_454_230_118],
    ['Submb', '2', 2],
  ] as const)('reads %s = %j as %d bytes', (column, raw, bytes) => {
    expect(parseSizeInColumn(raw, column)).toEqual({ ok: true, value: bytes });
  });

  it('refuses a value that is not a size', () => {
    expect(parseSizeInColumn('lots', 'Mailbox Size (MB)').ok).toBe(false);
  });
});

describe('NHSmail portal account statuses', () => {
  it.each([
    ['Active', 'exists'],
    ['Inactive', 'exists'],
    ['Active (Leaver)', 'exists'],
    ['Locked', 'exists'],
    ['Disabled', 'exists'],
    ['Disabled_Leaver', 'exists'],
    ['Enabling', 'exists'],
    ['Disabling', 'exists'],
    ['Restoring', 'exists'],
    ['Pending', 'exists'],
    ['Migration Pending', 'exists'],
    ['Deleting', 'deleted'],
    ['Deleted', 'deleted'],
    ['Deleted_Permanent', 'deleted'],
    ['Deleted Permanent', 'deleted'],
    ['Frozen', undefined],
  ] as const)('reads %s as %s', (status, state) => {
    expect(nhsmailAccountState(status)).toBe(state);
  });
});
