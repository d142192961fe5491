import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { scratchStores } from '../../test/support/scratch-store.js';
import { keptWhileUnchanged, MOST_KEPT } from './kept-while-unchanged.js';

describe('keptWhileUnchanged', () => {
  const open = scratchStores('INTEGER');
  const counter = () => {
    let calls = 0;
    return { compute: async () => ++calls, calls: () => calls };
  };

  it('works an answer out once while nothing changes, and again after a change', async () => {
    const s = await open();
    const { compute, calls } = counter();
    expect(await keptWhileUnchanged(s, 'a', compute)).toBe(1);
    expect(await keptWhileUnchanged(s, 'a', compute)).toBe(1);
    await sql`INSERT INTO t VALUES (1)`.execute(s.db);
    expect(await keptWhileUnchanged(s, 'a', compute)).toBe(2);
    expect(calls()).toBe(2);
  });

  it('keeps answers apart by key, and shares one being worked out', async () => {
    const s = await open();
    const { compute, calls } = counter();
    const [first, second] = await Promise.all([keptWhileUnchanged(s, 'a', compute), keptWhileUnchanged(s, 'a', compute)]);
    expect([first, second]).toEqual([1, 1]);
    expect(await keptWhileUnchanged(s, 'b', compute)).toBe(2);
    expect(calls()).toBe(2);
  });

  it('does not keep a failure: the next request tries again', async () => {
    const s = await open();
    await expect(keptWhileUnchanged(s, 'a', async () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    expect(await keptWhileUnchanged(s, 'a', async () => 'worked')).toBe('worked');
  });

  it('keeps at most MOST_KEPT answers, dropping the oldest', async () => {
    const s = await open();
    const { compute, calls } = counter();
    for (let key = 0; key <= MOST_KEPT; key++) await keptWhileUnchanged(s, `page-${key}`, compute);
    expect(calls()).toBe(MOST_KEPT + 1);
    await keptWhileUnchanged(s, `page-${MOST_KEPT}`, compute);
    expect(calls()).toBe(MOST_KEPT + 1);
    await keptWhileUnchanged(s, 'page-0', compute);
    expect(calls()).toBe(MOST_KEPT + 2);
  });
});
