import { formatLongDate, formatLongDateSpan } from '../calendar/local-date.js';
import { addWorkingDays } from '../calendar/working-days.js';
import { quotaDeadlineRule, waveQuotaDeadline } from '../messages/quota-deadline.js';
import { sortWaves } from '../plan/timeline.js';
import type { DocumentBlock } from '../plan-outputs/document-model.js';
import { packFaq } from './pack-faq.js';
import { helpSection, quotaSection, securitySection, webAccessSection } from './pack-guidance.js';
import type { PackSource, PublishedDocument } from './published-document.js';
import { draftNote, type PublishedValues, publishedValues } from './published-values.js';

const span = (start: string, end: string) => formatLongDateSpan({ start, end });

function reminderDate(source: PackSource, waveId: number): string {
  const reminder = source.timeline.find((o) => o.activityId === 'wave-reminder' && o.wave?.id === waveId);
  return reminder ? formatLongDate(reminder.date) : 'No reminder planned';
}

function scheduleSection(source: PackSource, values: PublishedValues): DocumentBlock[] {
  const waves = sortWaves(source.waves);
  const deadlineRule = quotaDeadlineRule(source.settings);
  const blocks: DocumentBlock[] = [
    { kind: 'heading', level: 2, text: 'What happens and when' },
    {
      kind: 'paragraph',
      text: `Everyone moves in groups called waves: you move with ${values.text('how-migrations-are-organised')}. From the first wave to the last takes about ${values.text('migration-duration')}.`,
    },
  ];
  if (!waves.length) {
    return [
      ...blocks,
      {
        kind: 'note',
        text: 'The wave dates are not planned yet. The project team adds them here before the pack is published (commsplan waves add).',
      },
    ];
  }
  const first = waves[0] as (typeof waves)[number];
  blocks.push(
    {
      kind: 'table',
      headers: ['Wave', 'Clean-up deadline (end of the day)', 'Mailboxes move', 'Reminder email', 'First working day on NHSmail'],
      rows: waves.map((wave) => [
        wave.name,
        formatLongDate(waveQuotaDeadline(deadlineRule, wave, source.calendar)),
        span(wave.start, wave.end),
        reminderDate(source, wave.id),
        formatLongDate(addWorkingDays(source.calendar, wave.end, 1)),
      ]),
    },
    {
      kind: 'list',
      items: [
        'About three weeks before your wave, we email you your move date, and name anyone you share a calendar or mailbox with who moves on another weekend. About two weeks before your wave, we email you its dates and your clean-up deadline, and a reminder follows in the week of your move. If you are not sure which wave you are in, ask the IT helpdesk.',
        'Clean-up deadline: by the date in your wave\'s row, your mailboxes must fit within your NHSmail quota together (see "Mailbox size and clean-up").',
        `From ${formatLongDate(first.start)}, colleagues who have moved will reply to your NHSmail address. Check both inboxes until your own move is done.`,
        'You can carry on using email while your mailbox moves: there is no break in service.',
      ],
    },
  );
  return blocks;
}

function beforeSection(values: PublishedValues, deletedItemsMove: boolean | undefined): DocumentBlock[] {
  const deletedItems =
    deletedItemsMove === undefined
      ? `Deleted Items: ${values.text('deleted-items-migrated')}. Whether that folder moves is still to be confirmed, so keep anything you need in another folder.`
      : deletedItemsMove
        ? 'Your Deleted Items folder moves too, but it still counts towards your quota, so empty it if you can.'
        : 'Your Deleted Items folder is not moved. Put anything you want to keep from it into another folder.';
  return [
    { kind: 'heading', level: 2, text: 'Before your move' },
    { kind: 'paragraph', text: 'Work through this list in the weeks before your wave. Most of it takes a few minutes.' },
    {
      kind: 'checklist',
      items: [
        'Sign in to your NHSmail account at https://portal.nhs.net and check that your username and password work. If you cannot get in, contact the IT helpdesk well before your move.',
        "Make your mailbox smaller, if you need to, by your wave's clean-up deadline (in the table of waves). Your old mailbox and any NHSmail mailbox you already have must fit within your quota together.",
        deletedItems,
        'Save anything you want to keep that NHSmail cannot hold, such as music or video files, somewhere other than your mailbox.',
        'Write down who can open your mailbox or calendar, and what they can do in it. This access has to be given again after the move.',
        'If you own a distribution list, write down who is on it. If you use or own a shared mailbox, write down its name and who uses it.',
        'Tell the people and services you write to most often that your email address will end in @nhs.net.',
        'If you read email on a phone or tablet, open the mail app and let it finish syncing before your wave starts.',
        'If you run a system that sends email from a mailbox (appointment reminders, for example), agree with the project team when its settings will be changed.',
      ],
    },
  ];
}

function afterSection(values: PublishedValues): DocumentBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'After your move' },
    { kind: 'paragraph', text: 'On your first working day on NHSmail, go through this list. Your welcome email points back here.' },
    {
      kind: 'checklist',
      items: [
        `Phone or tablet: set it up again for your NHSmail account; it does not switch over on its own. Guide: ${values.text('mobile-guidance-url')}.`,
        `Outlook: connect it to NHSmail with a new profile, unless the IT team tells you it has been done for you. Guide: ${values.text('outlook-guidance-url')}.`,
        'Address suggestions: Outlook starts with an empty list of suggested addresses, which fills up again as you send mail.',
        'Signature: add your email signature again, with your new address in it.',
        'Rules: create again any rules that sorted or forwarded your mail.',
        'PST files: reconnect any personal folders (PST files) you used to open in Outlook.',
        'Permissions: give colleagues access to your mailbox and calendar again, using the list you made before your move. Access already set up on an NHSmail account you had before stays as it was.',
        `Shared mailboxes: if you cannot open a shared mailbox you used before, ask its owner to give you access again. If you own one, give its users access again. ${values.sentence('shared-mailbox-arrangements')}`,
        `Distribution lists: ${values.sentence('distribution-list-arrangements')}`,
        'Tell anyone who still writes to your old address about your new one.',
        `Systems that send email: if you look after one (appointment reminders, for example), change its email settings now, as agreed with the project team. The settings to use: ${values.text('application-settings-url')}.`,
      ],
    },
  ];
}

/** Why the move is good for the organisation and for patients, not only for staff. */
function benefitsSection(): DocumentBlock[] {
  return [
    { kind: 'heading', level: 3, text: 'What it brings to the organisation' },
    {
      kind: 'list',
      items: [
        'NHSmail is paid for nationally, so it costs the organisation nothing to use.',
        'Spam and virus filtering come built in.',
        'Teams can work with colleagues in other NHS organisations through shared calendars, shared mailboxes and distribution lists.',
      ],
    },
    { kind: 'heading', level: 3, text: 'What it brings to patients' },
    {
      kind: 'list',
      items: [
        'Staff can email patients securely.',
        'Information about patients passes safely between the services that care for them and government bodies with secure addresses.',
      ],
    },
  ];
}

/** The title of the pack for an organisation. */
export const packTitle = (organisationName: string) => `Moving to NHSmail: information pack for ${organisationName} staff`;

/**
 * The information pack staff are sent to by the emails: the timeline with every wave, the before
 * and after checklists, mailbox size, security, web access, help and questions, in our own words,
 * filled with the organisation's settings. A setting nobody has filled is named, never shown raw.
 */
export function buildInformationPack(source: PackSource, generatedOn: string): PublishedDocument {
  const values = publishedValues(source.settings);
  const organisation = values.has('org-name') ? values.text('org-name') : source.organisation.name;
  const title = packTitle(organisation);
  const body: DocumentBlock[] = [
    { kind: 'heading', level: 2, text: 'What is changing' },
    {
      kind: 'paragraph',
      text: `${organisation} is moving everyone's email to NHSmail, the NHS's national email and directory service. Your email address will change to one ending in @nhs.net, and you will sign in with an NHSmail username and password. Your mail, calendar and contacts come with you, as long as together with any NHSmail account you already have they fit within your quota by your clean-up deadline.`,
    },
    { kind: 'heading', level: 3, text: 'What NHSmail gives you' },
    {
      kind: 'list',
      items: [
        'It is safe for patient information: mail to other NHSmail addresses and to secure government addresses is encrypted on the way.',
        'You can use it from any computer with an internet connection, in Outlook, and on phones and tablets that support encryption.',
        'Calendars, shared mailboxes and distribution lists work across NHS organisations, and the NHS Directory lists more than a million NHS staff and partners.',
        'Your address stays yours for your whole NHS career, and a national helpdesk answers at any hour.',
      ],
    },
    ...benefitsSection(),
    {
      kind: 'paragraph',
      text: 'Keep this pack. It has the dates, what to do before and after your move, and where to find help.',
    },
    ...scheduleSection(source, values),
    ...beforeSection(values, source.typedSettings.deletedItemsMigrated),
    ...afterSection(values),
    ...quotaSection(values, source.typedSettings.nhsmailQuotaGb),
    ...securitySection(values),
    ...webAccessSection(),
    ...helpSection(values),
    ...packFaq(values, source.typedSettings.nhsmailQuotaGb),
  ];
  const missing = values.missing();
  const blocks: DocumentBlock[] = [
    { kind: 'heading', level: 1, text: title },
    { kind: 'paragraph', text: `Produced on ${formatLongDate(generatedOn)}.` },
    ...(missing.length ? [{ kind: 'note' as const, text: draftNote(missing) }] : []),
    ...body,
  ];
  return { title, language: 'en-GB', blocks, missing };
}
