import { describe, expect, it } from 'vitest';
import { readFingerprint, runHash, wordRuns } from '../../bench/seed-fingerprint.js';
import { workingCalendar } from '../calendar/working-days.js';
import { NHSMAIL_PLAN } from '../plan/builtin-plans.js';
import type { Activity } from '../plan/plan-model.js';
import { taskNoteTemplate } from '../plan/task-templates.js';
import { AUDIENCE_SECTIONS, GOOD_TO_KNOW_FOR_EVERYONE, GOOD_TO_KNOW_IN_SHORT } from './actions-copy.js';
import { type CopyWorkspace, HELP_MARKDOWN, INFORMATION_PACK_MARKDOWN, NO_WAVES_YET, WHAT_TO_DO } from './channel-copy.js';
import { buildIntranetPages, intranetPageCopy } from './intranet-page.js';
import { buildDepartmentBriefings, buildManagerBriefing, managerBriefingCopy, staffListRows } from './manager-briefing.js';
import { buildNewsletterArticles, newsletterArticleCopy } from './newsletter-article.js';
import { taskCopyFor } from './task-copy.js';

const SETTINGS = {
  'org-name': 'Eastbrook Hospitals NHS Trust',
  'how-migrations-are-organised': 'your department, one weekend at a time',
  'migration-duration': 'five weeks',
  'security-policy-url': 'https://intranet.eastbrook.nhs.uk/policies/security',
  'quota-deadline': '2027-02-26',
  'local-guidance-url': 'https://intranet.eastbrook.nhs.uk/nhsmail',
  'information-pack-url': 'https://intranet.eastbrook.nhs.uk/nhsmail/pack',
  'helpdesk-phone': '01632 960123',
  'helpdesk-email': 'it.helpdesk@eastbrook.nhs.uk',
  'project-team-email': 'nhsmail.project@eastbrook.nhs.uk',
  'deleted-items-migrated': 'no',
  'mailbox-guidance-url': 'https://intranet.eastbrook.nhs.uk/nhsmail/size',
  'mobile-guidance-url': 'https://intranet.eastbrook.nhs.uk/nhsmail/phones',
  'outlook-guidance-url': 'https://intranet.eastbrook.nhs.uk/nhsmail/outlook',
  'application-settings-url': 'https://intranet.eastbrook.nhs.uk/nhsmail/apps',
  'distribution-list-arrangements': 'The project team makes each list again on NHSmail',
  'shared-mailbox-arrangements': 'Each shared mailbox moves with the people who use it',
};

const activities: Activity[] = NHSMAIL_PLAN.activities.map((definition) => ({
  ...definition,
  owner: undefined,
  status: 'planned',
  catchUp: true,
}));

/** A small workspace: the built-in plan, its settings filled, and two waves. */
function smallWorkspace(settings: Record<string, string> = SETTINGS): CopyWorkspace {
  return {
    organisation: {
      id: 'org',
      name: 'Eastbrook Hospitals NHS Trust',
      nation: 'england-and-wales',
      programmeStart: '2026-12-07',
      planId: 'nhsmail',
    },
    calendar: workingCalendar('england-and-wales'),
    phases: NHSMAIL_PLAN.phases,
    activities,
    waves: [
      { id: 2, name: 'Wave 2', start: '2027-03-20', end: '2027-03-21' },
      { id: 1, name: 'Wave 1', start: '2027-03-13', end: '2027-03-14' },
    ],
    settings,
    keyMessages: NHSMAIL_PLAN.keyMessages,
  };
}

const WAVE_LINES = ['Wave 1: Saturday 13 March 2027 to Sunday 14 March 2027', 'Wave 2: Saturday 20 March 2027 to Sunday 21 March 2027'];

describe('the intranet pages', () => {
  const pages = buildIntranetPages(smallWorkspace());

  it('are made for each phase whose activities publish on the intranet', () => {
    expect(pages.map((page) => page.phase)).toEqual(['raising-awareness', 'actions-required', 'pre-migration']);
  });

  it.each(pages.map((page) => [page.phase, page] as const))(
    '%s: every wave with its dates, the settings filled, nothing raw',
    (_phase, page) => {
      for (const line of WAVE_LINES) expect(page.html).toContain(`<li>${line}</li>`);
      expect(page.html).toContain('call the IT helpdesk on 01632 960123');
      expect(page.html).toContain('<a href="https://intranet.eastbrook.nhs.uk/nhsmail/pack">');
      expect(page.html).toContain('<h3>Where to get help</h3>');
      expect(page.html).not.toMatch(/\(\(|\[not set|<script|style=|<html|<body/);
      expect(page.html.startsWith('<h2>')).toBe(true);
      expect(page.missing).toEqual([]);
    },
  );

  it('mark a setting that is not filled as [not set: ...] and list it', () => {
    const { 'helpdesk-phone': _, ...withoutPhone } = SETTINGS;
    const [page] = buildIntranetPages(smallWorkspace(withoutPhone));
    expect(page?.html).toContain('call the IT helpdesk on <mark>[not set: helpdesk phone]</mark>');
    expect(page?.missing).toEqual(['helpdesk phone']);
  });

  it('say the wave dates are not set yet while there are no waves', () => {
    const [page] = buildIntranetPages({ ...smallWorkspace(), waves: [] });
    expect(page?.html).toContain(NO_WAVES_YET);
  });

  it('escape what a setting holds', () => {
    const [page] = buildIntranetPages(smallWorkspace({ ...SETTINGS, 'org-name': '<script>alert(1)</script> Trust' }));
    expect(page?.html).not.toContain('<script>');
    expect(page?.html).toContain('&#60;script&#62;');
  });
});

/** The visible text of an HTML fragment, one space between elements. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const count = (text: string, what: string | RegExp) =>
  typeof what === 'string' ? text.split(what).length - 1 : (text.match(new RegExp(what, 'g')) ?? []).length;

describe('the intranet page of phase 2 (what to do now)', () => {
  const page = (settings: Record<string, string> = SETTINGS) =>
    buildIntranetPages(smallWorkspace(settings)).find((candidate) => candidate.phase === 'actions-required');

  it('has a section for each audience of a targeted message, saying what those people must do', () => {
    const html = page()?.html ?? '';
    const sections: [string, string[]][] = [
      [
        'If your mailbox is over or close to its quota',
        ['Calendar entries, contacts and tasks count as well as your mail', 'https://intranet.eastbrook.nhs.uk/nhsmail/size'],
      ],
      [
        'If you read email on a phone or tablet',
        ['let it finish syncing', 'set the device up again for NHSmail', 'wipe the device remotely'],
      ],
      [
        'If you use Outlook or another email program',
        ['Outlook needs connecting to NHSmail', 'suggests as you type start empty', 'Rules', 'signature', 'PST files', 'Deleted Items'],
      ],
      ['For the IT helpdesk', ['show in the NHS Directory at once and can start receiving mail before their owners move']],
      [
        'If you look after a system that sends email',
        ['changed by hand after the move', '<a href="https://intranet.eastbrook.nhs.uk/nhsmail/apps">'],
      ],
      ['If you own a distribution list', ['Make a note now of each list you own', 'The project team makes each list again on NHSmail']],
      ['If you use or own a shared mailbox', ['make a note now of who can open it', 'ask its owner to give you access again']],
    ];
    for (const [heading, points] of sections) {
      const start = html.indexOf(`<h3>${heading}</h3>`);
      expect(start, heading).toBeGreaterThan(0);
      const section = html.slice(start, html.indexOf('<h3>', start + 1));
      for (const point of points) expect(section, `${heading}: ${point}`).toContain(point);
    }
    expect(page()?.missing).toEqual([]);
  });

  it.each([
    ['no', 'Your Deleted Items folder does not move'],
    ['yes', 'Your Deleted Items folder moves with the rest of your mail'],
  ])('gives the points of the all-staff email, deleted items as set (%s)', (deleted, line) => {
    const html = page({ ...SETTINGS, 'deleted-items-migrated': deleted })?.html ?? '';
    for (const point of [
      'there is no downtime',
      line,
      'Personal lists saved in your contacts move with your mailbox',
      'Calendar entries, contacts and tasks count',
      'The project team makes each list again on NHSmail',
      'Each shared mailbox moves with the people who use it',
      'let it finish syncing',
    ])
      expect(html).toContain(point);
  });

  it('says each deadline, "watch both inboxes" and "read the pack" once', () => {
    const text = textOf(page()?.html ?? '');
    expect(count(text, 'Friday 26 February 2027')).toBe(1);
    expect(count(text, /NHSmail inbox/)).toBe(1);
    expect(count(text, 'https://intranet.eastbrook.nhs.uk/nhsmail/pack')).toBe(1);
    expect(count(text, /read (and read )?the information pack|read it before you move/i)).toBe(1);
  });
});

describe('the intranet pages say each thing once', () => {
  it.each(buildIntranetPages(smallWorkspace()).map((page) => [page.phase, page] as const))(
    '%s: each wave and the pack once',
    (_phase, page) => {
      const text = textOf(page.html);
      expect(count(text, /Wave 1\b/)).toBe(1);
      expect(count(text, 'https://intranet.eastbrook.nhs.uk/nhsmail/pack')).toBe(1);
      expect(count(text, 'https://intranet.eastbrook.nhs.uk/policies/security')).toBeLessThanOrEqual(1);
    },
  );
});

describe('phase 1 copy', () => {
  it('does not say "nothing yet" and then ask for something', () => {
    const pieces = [...buildIntranetPages(smallWorkspace()), ...buildNewsletterArticles(smallWorkspace())];
    const raisingAwareness = pieces.filter((candidate) => candidate.phase === 'raising-awareness');
    expect(raisingAwareness.length).toBeGreaterThan(0);
    for (const piece of raisingAwareness) {
      expect(piece.html).not.toContain('Nothing yet');
      expect(piece.html).toMatch(
        /<li>If you already have an NHSmail account, make sure you can still sign in to it.<\/li>\s*<li>Apart from that there is nothing to do yet./,
      );
    }
  });
});

describe('the newsletter articles', () => {
  const articles = buildNewsletterArticles(smallWorkspace());

  it('are made for each phase with a newsletter, as Markdown and HTML, filled in', () => {
    expect(articles.map((article) => article.phase)).toEqual(['raising-awareness', 'actions-required', 'pre-migration']);
    for (const article of articles) {
      expect(article.markdown).toMatch(/^## /);
      for (const line of WAVE_LINES) expect(article.markdown).toContain(`- ${line}`);
      expect(article.markdown).toContain('The intranet page about the move: https://intranet.eastbrook.nhs.uk/nhsmail.');
      expect(article.html).toContain(`<li>${WAVE_LINES[0]}</li>`);
      expect(`${article.markdown}${article.html}`).not.toMatch(/\(\(|\[not set/);
    }
    expect(articles[1]?.markdown).toContain('The move to NHSmail starts on Saturday 13 March 2027.');
  });

  it('phase 2: gives the points of the all-staff email, and the deadline, the inboxes and the pack once', () => {
    const markdown = articles[1]?.markdown ?? '';
    for (const point of [
      'there is no downtime',
      'Your Deleted Items folder does not move',
      'Personal distribution lists saved in your contacts move with your mailbox',
      'Calendar entries, contacts and tasks count towards your NHSmail quota',
      'The project team makes each list again on NHSmail',
      'Each shared mailbox moves with the people who use it',
      'let it finish syncing before your move and set it up again',
      'make sure you can still sign in',
    ])
      expect(markdown).toContain(point);
    expect(count(markdown, 'Friday 26 February 2027')).toBe(1);
    expect(count(markdown, 'https://intranet.eastbrook.nhs.uk/nhsmail/pack')).toBe(1);
  });
});

describe("the managers' briefing", () => {
  const staff = [
    { name: 'Yusuf Whiteley', department: 'Porters' },
    { name: 'Ann Lee', department: 'Estates' },
    { name: '<b>Bob</b> Ray', department: 'Porters' },
    { name: 'Cat Day', department: null },
  ];

  it('lists the staff with no email address by department, those with none last, names escaped', () => {
    const briefing = buildManagerBriefing(smallWorkspace(), staff);
    expect(briefing.html).toContain('4 members of staff on the staff list have no email address');
    const order = ['<h4>Estates (1)</h4>', '<h4>Porters (2)</h4>', '<h4>No department given (1)</h4>'].map((h) => briefing.html.indexOf(h));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    expect(briefing.html).toContain('<li>&#60;b&#62;Bob&#60;/b&#62; Ray</li><li>Yusuf Whiteley</li>');
    expect(briefing.html).not.toContain('<b>Bob');
    expect(briefing.markdown).toContain('#### Porters (2)');
    for (const line of WAVE_LINES) expect(briefing.html).toContain(line);
    expect(briefing.missing).toEqual([]);
    expect(staffListRows(staff)).toEqual([
      ['Estates', 'Ann Lee'],
      ['Porters', '<b>Bob</b> Ray'],
      ['Porters', 'Yusuf Whiteley'],
      ['No department given', 'Cat Day'],
    ]);
  });

  it('tells managers what staff without email must know and do', () => {
    const html = buildManagerBriefing(smallWorkspace(), staff).html;
    const start = html.indexOf('<h3>What your staff need to do</h3>');
    const section = html.slice(start, html.indexOf('<h3>', start + 1));
    for (const point of [
      'when your team moves',
      'Staff with no mailbox have nothing to clean up',
      'shared mailbox, on a shared computer or a phone, needs its owner to give them access again',
      'A phone or tablet that shows a shared mailbox is set up again for NHSmail after the move',
      'they ask you, or the IT helpdesk',
    ])
      expect(section).toContain(point);
  });

  it('is also made for each department, listing only its own staff; the one with every department says it is for the comms lead', () => {
    const more = [...staff, { name: 'Eve Ash', department: 'Porters!' }, { name: 'Zoë Day', department: "Women's Services" }];
    const briefings = buildDepartmentBriefings(smallWorkspace(), more);
    expect(briefings.map((one) => [one.department, one.fileName])).toEqual([
      ['Estates', 'estates'],
      ['Porters', 'porters'],
      ['Porters!', 'porters-2'],
      ["Women's Services", 'womens-services'],
      ['No department given', 'no-department'],
    ]);
    const estates = briefings[0]?.briefing.html ?? '';
    expect(estates).toContain('<h2>Briefing for managers: our move to NHSmail (Estates)</h2>');
    expect(estates).toContain('<li>Ann Lee</li>');
    expect(estates).not.toMatch(/Yusuf|Bob|Cat Day/);
    expect(briefings[1]?.briefing.html).toContain('<li>&#60;b&#62;Bob&#60;/b&#62; Ray</li><li>Yusuf Whiteley</li>');
    expect(buildManagerBriefing(smallWorkspace(), staff).html).toContain('is for the comms lead');
    expect(buildDepartmentBriefings(smallWorkspace(), [{ name: 'Ann Lee', department: null }])).toEqual([]);
    expect(buildManagerBriefing(smallWorkspace(), [{ name: 'Ann Lee', department: null }]).html).not.toContain('comms lead');
  });

  it('says so when nobody is without an email address', () => {
    const briefing = buildManagerBriefing(smallWorkspace(), []);
    expect(briefing.html).toContain('The staff list has nobody without an email address, so there is nobody to list here.');
    expect(briefing.html).not.toContain('<h4>');
  });

  it('lists them together when the staff list gives no department', () => {
    const briefing = buildManagerBriefing(smallWorkspace(), [
      { name: 'Ann Lee', department: null },
      { name: 'Bob Ray', department: ' ' },
    ]);
    expect(briefing.html).toContain('The staff list gives no department for them, so they are listed together.');
    expect(briefing.html).toContain('<ul><li>Ann Lee</li><li>Bob Ray</li></ul>');
    expect(briefing.html).not.toContain('<h4>');
  });
});

describe("an owner's task note", () => {
  const workspace = smallWorkspace();
  const note = (activityId: string) =>
    taskNoteTemplate([{ kind: 'notice', activityId }], workspace.activities, workspace.keyMessages, taskCopyFor(workspace))?.body ?? '';

  it('carries the copy of each channel its task publishes through, once, and where the HTML is', () => {
    const body = note('announcement');
    expect(body).toContain('## Moving to NHSmail: what it means for you');
    expect(body).toContain('## Our email is moving to NHSmail');
    expect(body).toContain('((wave list))');
    expect(body).toContain('commsplan export --format intranet --out FOLDER');
    expect(body).not.toContain('## Key messages to use');
  });

  it("carries the managers' briefing and where the list of staff is, and points to the poster's file", () => {
    expect(note('month-3-all-staff')).toContain('## Briefing for managers: our move to NHSmail');
    expect(note('month-3-all-staff')).toContain('commsplan export --format briefing --out FOLDER');
    expect(note('posters-and-banners')).toContain('commsplan export --format poster --out FOLDER');
  });

  it('carries no copy for a task with none, and lists the key messages as before', () => {
    const body = note('wave-reminder');
    expect(body).toContain('## Key messages to use');
    expect(body).not.toContain('## The copy to publish');
  });
});

describe('our own words', () => {
  it('share no run of eight words with the source plan', () => {
    const workspace = smallWorkspace();
    const ours = [
      ...['raising-awareness', 'actions-required', 'pre-migration', 'post-migration'].flatMap((phase) => [
        intranetPageCopy({ ...workspace, keyMessages: [] }, phase as Activity['phase']),
        newsletterArticleCopy({ ...workspace, keyMessages: [] }, phase as Activity['phase']),
      ]),
      managerBriefingCopy(),
    ]
      .flatMap((copy) => [copy.title, ...copy.parts.map((part) => `${part.heading ?? ''} ${'markdown' in part ? part.markdown : ''}`)])
      .concat(HELP_MARKDOWN, INFORMATION_PACK_MARKDOWN, GOOD_TO_KNOW_FOR_EVERYONE, GOOD_TO_KNOW_IN_SHORT, note())
      .concat(Object.values(WHAT_TO_DO).flatMap((items) => items.map((item) => item.markdown)))
      .concat(AUDIENCE_SECTIONS.flatMap((part) => [part.heading ?? '', 'markdown' in part ? part.markdown : '']))
      .join('\n');
    const seed = new Set(readFingerprint().hashes);
    expect([...wordRuns(ours)].filter((run) => seed.has(runHash(run)))).toEqual([]);
  });
});

/** The words a note adds around the copy. */
function note(): string {
  const workspace = smallWorkspace();
  return taskCopyFor(workspace)(workspace.activities)?.markdown ?? '';
}
