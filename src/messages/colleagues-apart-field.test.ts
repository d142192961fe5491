import { describe, expect, it } from 'vitest';
import type { ColleagueApart } from '../waves/colleagues-apart.js';
import type { Wave } from '../waves/wave.js';
import { COLLEAGUES_APART_FIELD, colleaguesApartField } from './colleagues-apart-field.js';
import { fieldValues, renderTemplate } from './render-template.js';

const WAVES: Wave[] = [
  { id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' },
  { id: 2, name: 'Wave 2', start: '2027-02-27', end: '2027-02-28' },
];

const colleague = (over: Partial<ColleagueApart>): ColleagueApart => ({
  email: 'sam.jones@trust.example',
  displayName: 'Jones, Sam (TRUST)',
  sharedMailbox: false,
  wave: 'Wave 2',
  onTheirs: [],
  onYours: [],
  weight: 10,
  ...over,
});

const field = (colleagues: ColleagueApart[], today = '2027-01-25') =>
  colleaguesApartField(colleagues, WAVES, today)[COLLEAGUES_APART_FIELD];

describe('((colleagues in other waves))', () => {
  it.each<[string, Partial<ColleagueApart>, string]>([
    [
      'a manager whose delegate moves later',
      { onYours: ['calendar-delegate'] },
      'Sam Jones, who moves with Wave 2 on Saturday 27 and Sunday 28 February 2027: they manage your calendar as your delegate.',
    ],
    [
      'a delegate who also lets the manager see their calendar',
      { onTheirs: ['calendar-delegate', 'send-on-behalf'], onYours: ['read-only'] },
      'Sam Jones, who moves with Wave 2 on Saturday 27 and Sunday 28 February 2027: you manage their calendar as their delegate, you send email on their behalf and they can see your calendar.',
    ],
    [
      'a shared mailbox',
      { email: 'radiology@trust.example', displayName: 'Radiology Bookings', sharedMailbox: true, onTheirs: ['full-access', 'send-as'] },
      'Radiology Bookings, a shared mailbox that moves with Wave 2 on Saturday 27 and Sunday 28 February 2027: you can open it and you send email from it.',
    ],
    [
      'a colleague whose name lost letters, by address',
      { displayName: 'J?nes, Sam', onTheirs: ['full-access'] },
      'sam.jones@trust.example, who moves with Wave 2 on Saturday 27 and Sunday 28 February 2027: you can open their mailbox.',
    ],
  ])('says who, when and what they share: %s', (_label, over, line) => {
    expect(field([colleague(over)])).toBe(line);
  });

  it('says only the most a calendar right gives: a delegate who may edit is a delegate', () => {
    expect(field([colleague({ onYours: ['calendar-delegate', 'calendar-editor', 'read-only'] })])).toMatch(
      /: they manage your calendar as your delegate\.$/,
    );
    expect(field([colleague({ onTheirs: ['calendar-editor', 'read-only'] })])).toMatch(/: you can change their calendar\.$/);
  });

  it('says a colleague moved once their wave is over', () => {
    expect(field([colleague({ wave: 'Wave 1', onTheirs: ['full-access'] })], '2027-02-22')).toMatch(/^Sam Jones, who moved with Wave 1 on/);
  });

  it('is empty, a known value, for someone whose colleagues all move with them', () => {
    expect(field([])).toBe('');
    const template = { id: 't', subject: 'Move', body: 'Hello.\n((colleagues in other waves??\n- ((colleagues in other waves))\n))' };
    const rendered = renderTemplate(template, fieldValues(colleaguesApartField([], WAVES, '2027-01-25')));
    expect(rendered.missing).toEqual([]);
    expect(rendered.text).toBe('Hello.\n');
  });

  it('names ten and counts the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) =>
      colleague({ email: `p${i}@trust.example`, displayName: `Person ${i}`, onTheirs: ['read-only'] }),
    );
    const lines = field(many).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[9]).toMatch(/^Person 9, who moves/);
    expect(lines[10]).toBe('And 3 other colleagues or shared mailboxes: the project team can tell you who.');
  });

  it('is escaped in HTML, one list item per colleague', () => {
    const template = { id: 't', subject: 'Move', body: '- ((colleagues in other waves))' };
    const values = colleaguesApartField(
      [
        colleague({ displayName: '<b>Sam</b> Jones', onTheirs: ['full-access'] }),
        colleague({ email: 'kim@trust.example', displayName: 'Kim Lee', onYours: ['send-as'] }),
      ],
      WAVES,
      '2027-01-25',
    );
    const html = renderTemplate(template, fieldValues(values)).bodyHtml;
    expect(html).toContain('<li style="margin-bottom:8px">&#60;b&#62;Sam&#60;/b&#62; Jones, who moves with Wave 2');
    expect(html).not.toContain('<b>Sam');
    expect(html.match(/<li /g)).toHaveLength(2);
  });
});
