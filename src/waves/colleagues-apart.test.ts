import { describe, expect, it } from 'vitest';
import type { MailboxHolder } from '../audiences/audiences.store.js';
import { brokenLinks } from './broken-links.js';
import { colleaguesApart, colleaguesOf } from './colleagues-apart.js';
import type { LinkWeights } from './link-kinds.js';
import type { SharedMailbox } from './planning-data.store.js';

const WEIGHTS: LinkWeights = {
  'calendar-delegate': 10,
  'full-access': 10,
  'calendar-editor': 10,
  'send-as': 4,
  'send-on-behalf': 4,
  'read-only': 1,
};

const holder = (email: string, displayName: string, wave: string): MailboxHolder => ({
  email,
  nhsmailEmail: null,
  displayName,
  department: null,
  wave,
  staffWave: wave,
  assignment: null,
  notCurrent: null,
  getsNhsmail: true,
  migrated: false,
});

const directory = {
  holders: [
    holder('ann@trust.example', 'Smith, Ann', 'Wave 1'),
    holder('sam@trust.example', 'Jones, Sam', 'Wave 2'),
    holder('kim@trust.example', 'Lee, Kim', 'Wave 1'),
  ],
  shared: [
    {
      email: 'radiology@trust.example',
      name: 'Radiology Bookings',
      bytes: 0,
      migrated: false,
      failed: false,
      wave: 'Wave 2',
      source: null,
    },
  ] satisfies SharedMailbox[],
};
const waveOf = (email: string) =>
  directory.holders.find((h) => h.email === email)?.wave ?? directory.shared.find((m) => m.email === email)?.wave ?? undefined;

const apartFrom = (permissions: { mailbox: string; holder: string; access: string }[]) =>
  colleaguesApart(brokenLinks(permissions, waveOf, WEIGHTS, new Set()), directory);

describe("each person's colleagues in other waves", () => {
  it('tells both ends of a right: the delegate sees whose calendar they run, the manager who runs theirs', () => {
    const apart = apartFrom([{ mailbox: 'sam@trust.example', holder: 'ann@trust.example', access: 'calendar:delegate' }]);
    expect(apart.get('ann@trust.example')).toEqual([
      expect.objectContaining({
        email: 'sam@trust.example',
        displayName: 'Jones, Sam',
        wave: 'Wave 2',
        onTheirs: ['calendar-delegate'],
        onYours: [],
      }),
    ]);
    expect(apart.get('sam@trust.example')).toEqual([
      expect.objectContaining({ email: 'ann@trust.example', wave: 'Wave 1', onTheirs: [], onYours: ['calendar-delegate'] }),
    ]);
  });

  it('makes one entry per colleague when the rights go both ways', () => {
    const apart = apartFrom([
      { mailbox: 'sam@trust.example', holder: 'ann@trust.example', access: 'full-access' },
      { mailbox: 'ann@trust.example', holder: 'sam@trust.example', access: 'calendar:reviewer' },
    ]);
    expect(apart.get('ann@trust.example')).toEqual([
      expect.objectContaining({ email: 'sam@trust.example', onTheirs: ['full-access'], onYours: ['read-only'], weight: 11 }),
    ]);
  });

  it('tells the users of a shared mailbox in another wave, and nobody on behalf of the mailbox', () => {
    const apart = apartFrom([{ mailbox: 'radiology@trust.example', holder: 'ann@trust.example', access: 'send-as' }]);
    expect(apart.get('ann@trust.example')).toEqual([
      expect.objectContaining({ email: 'radiology@trust.example', displayName: 'Radiology Bookings', sharedMailbox: true, wave: 'Wave 2' }),
    ]);
    expect(apart.has('radiology@trust.example')).toBe(false);
  });

  it('has nothing for someone whose colleagues all move with them, and lists the heaviest first', () => {
    const apart = apartFrom([
      { mailbox: 'kim@trust.example', holder: 'ann@trust.example', access: 'calendar:delegate' },
      { mailbox: 'radiology@trust.example', holder: 'ann@trust.example', access: 'send-as' },
      { mailbox: 'sam@trust.example', holder: 'ann@trust.example', access: 'full-access' },
    ]);
    expect(colleaguesOf(apart, { email: 'kim@trust.example', local_email: null })).toEqual([]);
    expect(colleaguesOf(apart, { email: 'ann@trust.example', local_email: null }).map((c) => c.email)).toEqual([
      'sam@trust.example',
      'radiology@trust.example',
    ]);
  });
});
