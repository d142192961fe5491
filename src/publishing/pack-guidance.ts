import type { DocumentBlock } from '../plan-outputs/document-model.js';
import type { PublishedValues } from './published-values.js';

/** Facts of the NHSmail service the pack states; the source plan gives them. */
export const NHSMAIL_FACTS = {
  portal: 'https://portal.nhs.net',
  portalHelp: 'https://portal.nhs.net/Help/policyandguidance',
  helpdeskPhone: '0333 200 1133',
  helpdeskEmail: 'helpdesk@nhs.net',
  largestQuotaGb: 25,
  retentionDays: 180,
  nhsNetworkTimeout: 'eight hours',
  elsewhereTimeout: '30 minutes',
} as const;

export function quotaSection(values: PublishedValues, quotaGb: number): DocumentBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'Mailbox size and clean-up' },
    {
      kind: 'paragraph',
      text: `An NHSmail mailbox holds ${quotaGb} GB as standard. A mailbox can be made larger, up to ${NHSMAIL_FACTS.largestQuotaGb} GB, but ${values.text('org-name')} pays for each one, so most people keep within the standard size.`,
    },
    {
      kind: 'list',
      items: [
        "When you move, your old mailbox is added to any NHSmail mailbox you already have. Together they must be under your quota by your wave's clean-up deadline, or your old mail is not moved and may be lost.",
        'Calendar entries, contacts and tasks all use up quota, not only messages.',
        `Attachments take up most of the space. Save the ones you need in ${values.text('org-name')}'s file storage, then delete them from your mailbox.`,
        'Empty your Deleted Items and Junk folders, and clear out old sent mail you no longer need.',
        'If you get an email saying your mailbox is over or close to its quota, it tells you how much to remove. Act on it before the deadline.',
      ],
    },
    { kind: 'heading', level: 3, text: 'Once you are on NHSmail' },
    {
      kind: 'list',
      items: [
        'NHSmail is for sending and receiving information. It is not a place to store files.',
        'A full mailbox stops you sending mail, and sometimes stops mail reaching you.',
        `Mail you delete is kept for ${NHSMAIL_FACTS.retentionDays} days in a separate retention store. If that store and your mailbox both fill up, your mail can stop. Clear out your mailbox regularly.`,
        `Local guidance on making your mailbox smaller and where to keep files: ${values.text('mailbox-guidance-url')}.`,
      ],
    },
  ];
}

export function securitySection(values: PublishedValues): DocumentBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'Keeping information safe' },
    {
      kind: 'list',
      items: [
        'NHSmail encrypts mail sent to other NHSmail addresses and to secure government addresses, so you can use it for patient information between them.',
        'That protection covers those addresses only, so check where patient information is going before you send it.',
        `Some kinds of file, such as music and video files, are blocked: they cannot be sent or received. The full list is in our guidance: ${values.text('local-guidance-url')}.`,
        'A phone or tablet connected to NHSmail can be wiped remotely if it is lost or stolen, which protects the information on it.',
        'Using NHSmail at home or on your own device brings a duty to keep information safe on it.',
        `Before you move, read the NHSmail guidance on keeping information safe (${NHSMAIL_FACTS.portalHelp}) and our own information security policy: ${values.text('security-policy-url')}.`,
      ],
    },
  ];
}

export function webAccessSection(): DocumentBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'Using NHSmail in a web browser' },
    {
      kind: 'paragraph',
      text: `You can read NHSmail from any computer with an internet connection. Go to ${NHSMAIL_FACTS.portal}, choose Login and enter your NHSmail username and password. Any up-to-date web browser will do.`,
    },
    {
      kind: 'table',
      headers: ['Where you are', 'What to expect'],
      rows: [
        ['On the NHS network', `You are signed out after ${NHSMAIL_FACTS.nhsNetworkTimeout} without activity.`],
        [
          'Anywhere else',
          `You are signed out after ${NHSMAIL_FACTS.elsewhereTimeout} without activity, and asked whether you are on a private computer.`,
        ],
      ],
    },
    { kind: 'heading', level: 3, text: 'Private or public computer' },
    {
      kind: 'list',
      items: [
        'On a shared or public computer, leave "This is a private computer" unticked. You can view attachments in the browser but cannot save them, so nothing is left behind for the next person.',
        'Tick it only on a computer you trust. You can then save attachments, and you are responsible for keeping them safe.',
        "Opening an attachment straight from the browser leaves a copy in the computer's temporary files, where someone else could find it. It is safer to save the file to a place you choose first, then open it from there.",
      ],
    },
    { kind: 'heading', level: 3, text: 'The light version' },
    {
      kind: 'paragraph',
      text: 'On a slow connection, or if you need high-contrast colours, tick the box for the light version when you sign in. It has fewer features but loads quickly and is easier to read.',
    },
  ];
}

export function helpSection(values: PublishedValues): DocumentBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'Where to get help' },
    {
      kind: 'table',
      headers: ['Who', 'For', 'How to reach them'],
      rows: [
        [
          `${values.text('org-name')} IT helpdesk`,
          'Your account, passwords, Outlook and phones',
          `${values.text('helpdesk-phone')} or ${values.text('helpdesk-email')}`,
        ],
        ['NHSmail project team', 'The move, distribution lists and shared mailboxes', values.text('project-team-email')],
        [
          'National NHSmail helpdesk',
          'NHSmail itself, open 24 hours a day, every day',
          `${NHSMAIL_FACTS.helpdeskPhone} or ${NHSMAIL_FACTS.helpdeskEmail}`,
        ],
      ],
    },
    { kind: 'heading', level: 3, text: 'Guides and training' },
    {
      kind: 'list',
      items: [
        `Our guidance on the move: ${values.text('local-guidance-url')}`,
        `NHSmail portal help pages, with set-up guides for Outlook and phones: ${NHSMAIL_FACTS.portalHelp}`,
        `The portal's guide for new users, and the NHSmail training pages and e-learning: ${NHSMAIL_FACTS.portal}`,
      ],
    },
    { kind: 'heading', level: 3, text: 'Local administrators' },
    {
      kind: 'paragraph',
      text: 'Local administrators can unlock your account, reset your password and change your details in the directory. You can reset your own password on the portal, so try that first. To find your local administrators, open People Finder on the portal, search for your own name (surname, first name), then select your organisation. On the NHS network you can do this without signing in.',
    },
  ];
}
