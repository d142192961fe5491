import type { PlanSection } from '../plan-model.js';

/** The opening of the plan document, in the source plan's order; placeholders are settings and plan dates. */
export const NHSMAIL_INTRODUCTION: PlanSection[] = [
  {
    id: 'purpose',
    heading: 'Purpose',
    body: 'This plan sets out how ((org name)) tells its staff about the move to NHSmail: what each group hears, when, through which channels, and who is responsible for each message.',
  },
  {
    id: 'scope',
    heading: 'Scope',
    body: `The plan covers the move of ((org name)) from its own in-house email system to NHSmail, after which NHSmail becomes the main email service of the organisation.

An organisation whose main email is already NHSmail does not need it.`,
  },
  {
    id: 'background',
    heading: 'Background',
    body: `((org name)) plans to move every email user to NHSmail. The first people move on ((first wave date)).

NHSmail is the national email and directory service for NHS staff in England and Scotland, funded centrally. Staff can use it in a web browser on any computer with an internet connection, in an email programme such as Outlook, and on phones and tablets that support encryption. Each person gets an email account, a calendar and People Finder, which holds contact details for more than a million NHS staff and partners.`,
  },
  {
    id: 'objectives',
    heading: 'Objectives',
    body: `The messages and activities in this plan set out to:
- show staff what NHSmail offers them, so that people who use email now support the move
- explain why patient information needs secure email, and the security rules that come with it
- get staff ready for NHSmail, and make sure they finish what they must do before they move
- explain how the change affects each person, or may affect them
- make sure everyone knows whom to contact, and where to find information, help and support`,
  },
  {
    id: 'target-audiences',
    heading: 'Target audiences',
    body: `The move touches everyone who uses email now, staff who join later, work that relies on email, people who read mail on a phone or in an email programme, and the IT helpdesk. Decide whether every member of staff needs an NHSmail account.

There are two kinds of message: general ones about NHSmail for everyone, and targeted ones for a group with something to do. Adapt them for clinical, administrative and management staff where that helps. The emails of this plan reach the audiences below.`,
  },
];
