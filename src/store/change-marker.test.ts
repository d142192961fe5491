import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { scratchStores } from '../../test/support/scratch-store.js';
import { changeMarker, writeUnmarked } from './change-marker.js';
import type { Store } from './store.js';

describe('changeMarker', () => {
  const open = scratchStores('TEXT');
  const setting = (s: Store, value: string) => sql`INSERT INTO t VALUES (${value})`.execute(s.db);

  it('moves when a row changes, and not when only an unmarked write changes one', async () => {
    const s = await open();
    const first = await changeMarker(s);
    expect(await changeMarker(s)).toBe(first);
    await writeUnmarked(s, (db) => setting({ ...s, db }, '2027-01-01'));
    const afterUnmarked = await changeMarker(s);
    expect(afterUnmarked).toBe(first);
    await setting(s, '2027-01-02');
    expect(await changeMarker(s)).not.toBe(afterUnmarked);
  });

  it('takes a transaction inside an unmarked write, as starting a session does', async () => {
    const s = await open();
    const before = await changeMarker(s);
    await writeUnmarked(s, (db) =>
      db.transaction().execute(async (trx) => {
        await setting({ ...s, db: trx }, '2027-01-01');
        await setting({ ...s, db: trx }, '2027-01-02');
      }),
    );
    expect(await changeMarker(s)).toBe(before);
  });

  it('holds the connection for the unmarked write, so a marker read waits until it is counted', async () => {
    const s = await open();
    const before = await changeMarker(s);
    const seen: (string | undefined)[] = [];
    await Promise.all([
      writeUnmarked(s, async (db) => {
        await setting({ ...s, db }, '2027-01-01');
        // Other requests' reads, queued while the write holds the connection.
        void changeMarker(s).then((marker) => seen.push(marker));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([before]);
  });
});
