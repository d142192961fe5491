import type { PlanDefinition } from '../plan-model.js';
import { HELP, SIGN_OFF } from './nhsmail-sign-off.js';

/** The emails of the NHSmail plan's post-migration phase. */
export const NHSMAIL_POST_MIGRATION_TEMPLATES: PlanDefinition['templates'] = [
  {
    id: 'welcome',
    subject: 'Welcome to NHSmail',
    body: `Dear ((first name)),

Welcome to NHSmail. Your ((org name)) email has moved over.

## First things first
Open the information pack you received before your move and work through the after-move checklist, including giving colleagues access to your mailbox and calendar again: ((information pack url)).

## Where to get help
- The NHSmail portal help pages and training: https://portal.nhs.net
- The guide for new users, in the help pages at https://portal.nhs.net: a short tour of the features you will use most.
- The national NHSmail helpdesk, open all day every day: 0333 200 1133 or helpdesk@nhs.net
- The ((org name)) IT helpdesk: ((helpdesk phone)) or ((helpdesk email))

## Your local administrators
They can unlock your account, reset your password and update your details. Try resetting your password yourself first. To find them:
1. Go to https://portal.nhs.net and open People Finder. On the NHS network (HSCN) you do not need to sign in for this.
2. Search for your own name, surname first (for example: Smith, Jo).
3. Choose your name, then your organisation's name, to see its local administrators.

## Signing in away from the NHS network
You are asked whether this is a private computer. On a shared or public computer leave it unticked: you can read attachments but not save them. Tick it only on a computer you trust; you are then responsible for any files you save.

## Phones and Outlook
Set up your phone or tablet again for NHSmail: ((mobile guidance url)).((outlook set up centrally?? ((org name)) IT is connecting Outlook to NHSmail for everyone: look out for our messages about it before you change anything yourself.))((not outlook set up centrally?? To use Outlook, set up a new profile: ((outlook guidance url)).))

## Your mailbox size
Your mailbox can hold ((quota)). When it is full you may not be able to send mail, and sometimes not receive it either. NHSmail is for sending information, not storing it: keep attachments in proper storage instead.

Mail you delete is kept for 180 days in retention storage, which is separate from your mailbox. If that storage and your mailbox both fill up, you may not be able to send or receive mail, so clean up regularly. Guidance: ((mailbox guidance url)).

We hope you enjoy NHSmail.

${SIGN_OFF}`,
  },
  {
    id: 'failed-migration',
    subject: 'Your move to NHSmail did not work: what happens next',
    body: `Dear ((first name)),

Your email was due to move to NHSmail with ((wave name)), but the move did not work.((failed twice?? This is the second time your move has not worked.)) Your ((org name)) mailbox has not been moved.

## Keep checking NHSmail
Colleagues who have already moved reply to your NHSmail address, so some of your mail arrives there. Keep checking your NHSmail inbox as well as your ((org name)) one until your move is done.

## What happens next
((moves in a later wave??We will try again with ((new wave name)): ((new wave dates)). You will get a reminder in the week before it, and from ((new wave return date)) you will use NHSmail. Until then, keep using your ((org name)) mailbox as you do now.))

((helpdesk takes over??We will not try to move your mailbox again in a wave. Instead, the ((org name)) IT helpdesk will get in touch with you to move it with you. You do not need to wait for them: you can call them on ((helpdesk phone)) or email ((helpdesk email)). Until your mailbox has moved, keep using your ((org name)) mailbox as you do now.))

If the size of your mailbox held up the move, making it smaller now will help: ((mailbox guidance url)).

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'move-not-finished',
    subject: 'Your move to NHSmail has not finished yet',
    body: `Dear ((first name)),

Your email was due to move to NHSmail with ((wave name)), but your move had not finished when we last checked. Some moves take longer, for example for a large mailbox, and the project team sometimes pauses one to sort out a problem. Your ((org name)) mailbox and everything in it are still where they were.

## What this means for you
- Keep using your ((org name)) mailbox as you do now. Your mail still arrives there.
- Check your NHSmail inbox as well: colleagues who have already moved may reply to your NHSmail address.
- Wait before setting up your phone or Outlook for NHSmail.

## What happens next
The project team is finishing your move. Once it is done, you will get an email welcoming you to NHSmail, with the next steps. If that email has not come by the end of this week, contact the IT helpdesk so they can look into it.

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'completion',
    subject: '((org name)) has finished moving to NHSmail',
    body: `Dear colleague,

The last wave moved on ((last wave date)), and our move to NHSmail has finished: ((people moved)) now use NHSmail. Thank you for your help and patience.
((remainder accepted??
## Colleagues who have not moved
((people not moving)) with a ((org name)) mailbox did not move, and the programme board has agreed that they will not move in a wave. ((not moving arrangements)). If you are one of them, or you manage someone who is, contact the IT helpdesk on ((helpdesk phone)) or ((helpdesk email)).
))
## What NHSmail gives you
- One address for your whole NHS career.
- Your mail from any internet connection.
- A safe way to share patient information with NHS, council and government colleagues.
- The NHS Directory and a national helpdesk open all day every day (0333 200 1133 or helpdesk@nhs.net).

Keep your mailbox under its quota. Mail you delete is kept for 180 days in retention storage, apart from your mailbox. Guidance: ((local guidance url)).

${SIGN_OFF}`,
  },
];
