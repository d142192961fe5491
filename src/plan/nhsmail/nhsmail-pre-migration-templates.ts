import type { PlanDefinition } from '../plan-model.js';
import { HELP, SIGN_OFF } from './nhsmail-sign-off.js';

/** The emails of the NHSmail plan's pre-migration phase. */
export const NHSMAIL_PRE_MIGRATION_TEMPLATES: PlanDefinition['templates'] = [
  {
    id: 'month-3-all-staff',
    subject: 'NHSmail: the move timeline and your information pack',
    body: `Dear colleague,

The move to NHSmail is close. These are the waves still to come, from first to last:

- ((wave timeline))

((your wave??You move with **((your wave))**, on ((your wave dates)). ))You will get a reminder in the week your own wave moves.

## Make your mailbox smaller in time
Your ((org name)) mailbox and any NHSmail account you already have must together fit your quota by the end of **((quota deadline))**. Mail that does not fit is not moved. Guidance: ((mailbox guidance url)).

## Download your information pack
It brings together everything you need: the timeline, what to do before and after your move, and the main points of the targeted emails (such as setting up your phone again afterwards). Download it now: ((information pack url)).

## Keep patient information safe
NHSmail is safe for sending patient information to other NHSmail users and secure government addresses. Before you move, read both the NHSmail security guidance, in the help pages at https://portal.nhs.net, and our own security policy: ((security policy url)).

## Help
Guidance: ((local guidance url)). ${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'move-date',
    subject: 'Your NHSmail move date: ((wave name)), starting ((wave start))',
    body: `Dear ((first name)),

Your ((org name)) email moves to NHSmail with **((wave name))**, over the weekend that starts on ((wave start)) and ends on ((wave end)). From ((wave return date)) you will use NHSmail.

Please put the date in your diary. You do not need to do anything else yet: nearer the time we will send you your clean-up deadline and what to do before you move, and a reminder in the week of your move.
((colleagues in other waves??
## Colleagues who move on a different weekend
You share a calendar or a mailbox with colleagues who move to NHSmail on a different weekend from you:

- ((colleagues in other waves))

From the weekend the first of you moves until the other has moved too, you are on two different email systems, and what you share stops working:
- You cannot open each other's mailbox or calendar, and a delegate cannot reply to meeting requests or send email for the other person.
- A shared mailbox that has moved cannot be opened by anyone who has not, and one that has not moved cannot be opened by anyone who has.

Email between you keeps working as normal, so use it in the meantime: send meeting requests and updates by email, and ask each other to forward anything you need. Access does not move with you: once you have both moved, the owner of each mailbox or calendar gives it again on NHSmail.

If being apart will stop you doing your job, for example because you run someone's diary, tell the project team at ((project team email)) now: they may be able to move you on the same weekend.
))
If your move date is a problem, for example because you will be on leave, tell the project team at ((project team email)).

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'wave-notice',
    subject: 'Your move to NHSmail: ((wave name)), starting ((wave start))',
    body: `Dear ((first name)),

Your ((org name)) email moves to NHSmail with ((wave name)). The move starts on ((wave start)) and ends on ((wave end)), and from ((wave return date)) you will use NHSmail.

## Your clean-up deadline
Your ((org name)) mailbox and any NHSmail account you already have must together fit within your quota of ((quota)) by the end of **((quota deadline))**. Mail that does not fit by then is not moved, and you may lose it. Calendar, contacts and tasks count towards the quota. Our guidance shows how to make your mailbox smaller: ((mailbox guidance url)).

## Before your move
- Work through the before-your-move checklist in the information pack: ((information pack url)).
- Sign in to NHSmail at https://portal.nhs.net now to check that your username and password work.

We will send you a reminder in the week of your move.

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'wave-reminder',
    subject: 'Your email moves to NHSmail this weekend',
    body: `Dear ((first name)),

Your email moves to NHSmail this weekend, with ((wave name)), starting ((wave start)). Please make sure you have read your information pack and done the actions in it: ((information pack url)).

## Before your move
- Your ((org name)) mailbox and any NHSmail account you already have must together be under your quota of ((quota)) before your move. If you are still over it, clean up today: mail that does not fit is not moved, and you may lose it.
- Calendar, contacts and tasks in NHSmail count towards the quota.
- If you read email on a phone or tablet, let it synchronise before the move.
- If you have not yet signed in to your new NHSmail account, do it before ((wave start)). Otherwise you may not be able to get in on ((wave return date)).

## How to sign in
Go to https://portal.nhs.net and choose Login, then enter your username and password. NHSmail works in all modern web browsers.
- On the NHS network, you are signed out after eight hours without activity.
- Elsewhere, you are signed out after 30 minutes without activity. You are also asked whether this is a private computer. Leave it unticked on a shared or public computer: you can read attachments but not save them. Tick it only on a computer you trust, as you are then responsible for any files you save.
- On a private computer, an attachment you open straight from an email leaves a copy in the computer's temporary files, where someone else could find it. Save it to a folder of your choice first, then open it from there.
- If your connection is slow, or you need high contrast, tick the box for the light version of NHSmail when you sign in.

## Help on ((wave return date))
Guides for setting up Outlook and phones: ((outlook guidance url)) and ((mobile guidance url)).

${HELP}

${SIGN_OFF}`,
  },
];
