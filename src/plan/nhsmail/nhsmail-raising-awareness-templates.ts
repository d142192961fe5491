import type { PlanDefinition } from '../plan-model.js';
import { SIGN_OFF } from './nhsmail-sign-off.js';

/** The emails of the NHSmail plan's raising awareness phase. */
export const NHSMAIL_RAISING_AWARENESS_TEMPLATES: PlanDefinition['templates'] = [
  {
    id: 'announcement',
    subject: '((org name)) is moving to NHSmail',
    body: `Dear colleague,

((org name)) is moving everyone's email to NHSmail, the national email and directory service for the NHS. The first people move on ((first wave date)).

## What NHSmail is
NHSmail gives you an email account, a calendar and the NHS Directory, which holds contact details for more than a million NHS staff and partners. You can use it in a web browser on any computer with an internet connection, in Outlook, and on phones and tablets that support encryption.

## Why we are moving
- It is safe for patient information: mail is encrypted on its way to other NHSmail users and secure government addresses.
- Your address stays with you for your whole NHS career.
- Shared calendars, mailboxes and lists work across NHS organisations.
- It is paid for nationally, with spam and virus filtering built in.

## What happens when
You will move with ((how migrations are organised)). The moves take about ((migration duration)) in all, and you do not need to do anything today.

## What to look out for
Over the coming weeks we will email you about the few things to do before your move. Some of you will also get an email written for your situation: if your mailbox is large, if you read your mail on a phone, or if you use a shared mailbox, for example.

## Who to ask
- Questions about the move: the NHSmail project team, ((project team email)).
- Help with your email account: the IT helpdesk, ((helpdesk phone)) or ((helpdesk email)).
- More about the move: ((local guidance url)).

${SIGN_OFF}`,
  },
];
