import type { KeyMessage } from '../plan-model.js';

/** The points every message of a phase keeps coming back to; placeholders are settings. */
export const NHSMAIL_KEY_MESSAGES: KeyMessage[] = [
  {
    phase: 'raising-awareness',
    heading: 'We are moving to NHSmail',
    body: `((org name)) is moving everyone's email to NHSmail, starting ((first wave date)). Some of you use it already. NHSmail is the national email service for the NHS: it is safe for patient information, it works from any internet connection and from phones that support encryption, and your address stays with you throughout your NHS career. More details will follow over the coming weeks.`,
  },
  {
    phase: 'raising-awareness',
    heading: 'It is secure',
    body: 'Mail is encrypted on its way, so you can share clinical information safely with other NHSmail users and with secure government addresses.',
  },
  {
    phase: 'raising-awareness',
    heading: 'It works wherever you are',
    body: `You can read your mail from any computer with an internet connection and from many phones and tablets. On a computer outside the NHS network you choose how you sign in:
- a public or shared computer (the default): you can read attachments but not save them, and nothing is left behind
- a private computer: you can save attachments, and the computer must meet the ((org name)) security policy (((security policy url)))`,
  },
  {
    phase: 'raising-awareness',
    heading: 'It helps teams work together',
    body: 'Shared folders, calendars and mailboxes, distribution lists and the NHS Directory (contact details for more than a million NHS staff and partners) work within and across organisations.',
  },
  {
    phase: 'raising-awareness',
    heading: 'When it happens',
    body: 'The first people move on ((first wave date)). You will move with ((how migrations are organised)), which keeps shared calendars working, and the moves take about ((migration duration)) in all.',
  },
  {
    phase: 'actions-required',
    heading: 'What happens and when',
    body: `- Once the moves begin, keep an eye on both your ((org name)) inbox and your NHSmail inbox, even before your own move: people who have moved reply to your NHSmail address.
- If you already have NHSmail, or have not used it for a while, check you can still sign in.
- Your ((org name)) mailbox is added to your NHSmail account. If the two together are over your NHSmail quota (4 GB as standard) on ((quota deadline)), your ((org name)) mail will not be moved and you may lose it. Clean up both now.
- Help and guidance: ((local guidance url)).
- Please download and read the information pack: ((information pack url)).`,
  },
  {
    phase: 'actions-required',
    heading: 'What you gain',
    body: `- One email address for your whole NHS career, even when you change employer.
- Your mail from any internet connection, on or off site.
- A safe way to send patient information.
- Contact details for more than a million NHS colleagues in the Directory.
- A national helpdesk, open day and night, every day of the year.`,
  },
  {
    phase: 'actions-required',
    heading: 'What the organisation gains',
    body: `- NHSmail is paid for nationally and free to NHS organisations.
- Spam and virus filtering are built in.
- Shared calendars, mailboxes and distribution lists work across NHS organisations.
- Instant messaging and presence come free for everyone; a full video conferencing suite is an extra service.
- Every mailbox holds 4 GB as standard. For people who need more, the organisation can pay to raise it to 25 GB.`,
  },
  {
    phase: 'actions-required',
    heading: 'What patients gain',
    body: `- Patient records travel quickly and safely between NHS services, local councils and central government.
- Staff can email patients securely.
- Consultations can take place by secure video.`,
  },
  {
    phase: 'actions-required',
    heading: 'What changes for you',
    body: `- Your address changes to one ending in @nhs.net: start telling the people you write to often.
- You sign in with a new username and password.
- Using NHSmail outside ((org name)) and on a phone brings responsibilities: read the security guidance.
- Some file types (music and video files, for example) cannot be sent or received. Save any you keep in your mailbox somewhere else before you move.
- Colleagues need to give you access to their mailboxes and calendars again.
- NHSmail e-learning is available on the NHSmail portal if you want some training.`,
  },
  {
    phase: 'pre-migration',
    heading: 'Timeline, security and the information pack',
    body: `- Every wave and its dates: ((wave list)).
- NHSmail is safe for sending patient information to other NHSmail users and to secure government addresses. Before you move, read the NHSmail security rules and the ((org name)) policy: ((security policy url)).
- The information pack brings together everything you have been told so far, including the headline of each targeted message (such as setting up your phone again after the move): ((information pack url)).`,
  },
  {
    phase: 'post-migration',
    heading: 'NHSmail is here',
    body: 'Welcome to NHSmail: how to get help, keep your mailbox under its quota (4 GB as standard) with deleted mail kept apart for 180 days, sign in safely and set up your phone and Outlook. The welcome email carries these messages to the people each wave moved.',
  },
];
