import { describe, expect, it } from 'vitest';
import { type QuotaFigures, quotaFigures, sizeAgainstQuota } from './email-sizes.js';

const MB = 1024 ** 2;
const GB = 1024 ** 3;
/** Whole bytes, as a mailbox report gives them: at most the size named. */
const gb = (n: number) => Math.floor(n * GB);
const mb = (n: number) => Math.floor(n * MB);

/** A shown figure as a reader takes it: its number, in hundredths so sums are exact, and its unit. */
function read(shown: string): { hundredths: number; unit: string } {
  const [number, unit] = shown.split(' ');
  return { hundredths: Math.round(Number((number ?? '').replace(/,/g, '')) * 100), unit: unit ?? '' };
}

/** What a reader who checks the sums of one email finds wrong; empty when they add up. */
function readersCheck(figures: QuotaFigures): string[] {
  const wrong: string[] = [];
  const shown = Object.values(figures).filter((value): value is string => value !== undefined);
  const units = new Set(shown.map((value) => read(value).unit));
  if (units.size !== 1) wrong.push(`units differ: ${[...units].join(', ')}`);
  const parts = [figures.local, figures.nhsmail].filter((value): value is string => value !== undefined);
  const sum = parts.reduce((total, value) => total + read(value).hundredths, 0);
  if (parts.length === 2 && sum !== read(figures.combined).hundredths) wrong.push(`${parts.join(' + ')} is not ${figures.combined}`);
  if (figures.remove) {
    const left = read(figures.combined).hundredths - read(figures.remove).hundredths;
    if (left > read(figures.line).hundredths) wrong.push(`${figures.combined} less ${figures.remove} is above ${figures.line}`);
  }
  return wrong;
}

type Case = [label: string, local: number | null, nhsmail: number | null, quota: number, percent: number, expected: Partial<QuotaFigures>];

const CASES: Case[] = [
  [
    'the 3.85 GB email that said 3.9 GB and a line of 3.5 GB',
    gb(3.2),
    gb(0.65),
    gb(4),
    90,
    { local: '3.2 GB', nhsmail: '0.65 GB', combined: '3.85 GB', quota: '4 GB', line: '3.6 GB', remove: '0.25 GB' },
  ],
  [
    'no NHSmail account: one part, no NHSmail figure',
    gb(3.85),
    null,
    gb(4),
    90,
    { nhsmail: undefined, combined: '3.85 GB', remove: '0.25 GB' },
  ],
  [
    'the first byte at the 90% line: nearing, one step to remove',
    Math.ceil(3.6 * GB),
    0,
    gb(4),
    90,
    { combined: '3.6 GB', remove: '0.01 GB' },
  ],
  ['1 KB over the line: sizes round up', Math.ceil(3.6 * GB) + 1024, null, gb(4), 90, { combined: '3.61 GB', remove: '0.01 GB' }],
  ['the last byte below the line: nothing to remove', Math.floor(3.6 * GB), null, gb(4), 90, { combined: '3.6 GB', remove: undefined }],
  [
    '3.6 GB and one byte in two parts: shown at 3.6 GB',
    gb(3),
    gb(0.6) + 1,
    gb(4),
    90,
    { local: '3 GB', nhsmail: '0.6 GB', combined: '3.6 GB', remove: '0.01 GB' },
  ],
  [
    '3.6 GB and 2 KB in two parts: the smaller part rounds up',
    gb(3),
    gb(0.6) + 2048,
    gb(4),
    90,
    { local: '3 GB', nhsmail: '0.61 GB', combined: '3.61 GB', remove: '0.01 GB' },
  ],
  [
    'real-shaped byte counts, both parts rounded up and added as shown',
    3_456_789_012,
    412_345_678,
    gb(4),
    90,
    { local: '3.22 GB', nhsmail: '0.39 GB', combined: '3.61 GB', line: '3.6 GB', remove: '0.01 GB' },
  ],
  [
    'sizes from an export that gives them to two places, a byte or so over: one step more to remove',
    Math.round(3.17 * GB),
    Math.round(0.65 * GB),
    gb(4),
    90,
    { local: '3.17 GB', nhsmail: '0.65 GB', combined: '3.82 GB', remove: '0.23 GB' },
  ],
  ['over the quota itself', gb(5.57), gb(0.2), gb(4), 90, { combined: '5.77 GB', remove: '2.17 GB' }],
  ['a 25 GB quota at 85%: the line as it is', gb(20), gb(2), gb(25), 85, { quota: '25 GB', line: '21.25 GB', remove: '0.75 GB' }],
  ['4 GB at 87%', gb(3.5), null, gb(4), 87, { line: '3.48 GB', remove: '0.02 GB' }],
  ['4 GB at 80%', gb(3), gb(0.5), gb(4), 80, { line: '3.2 GB', remove: '0.3 GB' }],
  ['4 GB at 95%', gb(3.9), null, gb(4), 95, { line: '3.8 GB', remove: '0.1 GB' }],
  [
    'a small NHSmail account next to a large mailbox: still in GB',
    gb(3.7),
    300 * 1024,
    gb(4),
    90,
    { nhsmail: '0.01 GB', combined: '3.71 GB' },
  ],
  [
    'a quota under 1,000 MB: every figure in MB',
    mb(460),
    mb(12.25),
    mb(500),
    90,
    { local: '460 MB', nhsmail: '12.3 MB', combined: '472.3 MB', quota: '500 MB', line: '450 MB', remove: '22.3 MB' },
  ],
  [
    'a 1 GB quota: GB, although each part is under 1,000 MB',
    mb(900),
    mb(100),
    GB,
    90,
    { local: '0.88 GB', nhsmail: '0.1 GB', combined: '0.98 GB' },
  ],
];

describe('sizes in the quota emails', () => {
  it.each(CASES)('adds up as a reader checks it: %s', (_label, local, nhsmail, quota, percent, expected) => {
    const figures = quotaFigures({ localBytes: local, nhsmailBytes: nhsmail, quotaBytes: quota, nearingPercent: percent });
    expect(figures).toMatchObject(expected);
    expect(readersCheck(figures)).toEqual([]);
  });

  it.each(CASES)(
    'takes the real total down to the line shown or below when the amount shown is removed: %s',
    (_l, local, nhsmail, quota, percent) => {
      const figures = quotaFigures({ localBytes: local, nhsmailBytes: nhsmail, quotaBytes: quota, nearingPercent: percent });
      if (!figures.remove) return;
      const unitBytes = figures.remove.endsWith('GB') ? GB : MB;
      // In hundredths of a byte, so every figure is a whole number.
      const removed = read(figures.remove).hundredths * unitBytes;
      const line = read(figures.line).hundredths * unitBytes;
      expect(((local ?? 0) + (nhsmail ?? 0)) * 100 - removed).toBeLessThanOrEqual(line);
      // and the line shown is never above the real one
      expect(line).toBeLessThanOrEqual(quota * percent);
    },
  );

  it('rounds the way the old figures did not: never a total below the real one, never a line above it', () => {
    const figures = quotaFigures({ localBytes: gb(3.2), nhsmailBytes: gb(0.65), quotaBytes: gb(4), nearingPercent: 90 });
    expect([figures.combined, figures.line]).toEqual(['3.85 GB', '3.6 GB']);
  });

  it.each([
    [gb(9.2), gb(4), '9.2 GB', '4 GB'],
    [gb(4) + 2048, gb(4), '4.01 GB', '4 GB'],
    [gb(4.5), gb(25), '4.5 GB', '25 GB'],
    [mb(700), mb(500), '700 MB', '500 MB'],
  ])('shows a shared mailbox of %d bytes beside its quota of %d in one unit', (size, quota, shownSize, shownQuota) => {
    expect(sizeAgainstQuota(size, quota)).toEqual({ size: shownSize, quota: shownQuota });
  });
});
