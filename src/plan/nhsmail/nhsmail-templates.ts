import type { PlanDefinition } from '../plan-model.js';

type Template = PlanDefinition['templates'][number];

const HELP = `If you have any questions, call the IT helpdesk on ((helpdesk phone)) or email ((helpdesk email)).`;
const SIGN_OFF = `Thank you,
((sender name))`;

/** The emails of the NHSmail plan. Placeholders: settings, wave fields and personal fields. */
export const NHSMAIL_TEMPLATES: Template[] = [
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
  {
    id: 'detailed-actions',
    subject: 'Moving to NHSmail: what you need to do',
    body: `Dear colleague,

The move to NHSmail starts on ((first wave date)). You will move with ((how migrations are organised)). Here is what to do before then, and what will be different afterwards.
((your wave??
You move with **((your wave))**, on ((your wave dates)). Your mailbox must fit your quota by the end of **((quota deadline))**.
))((wave timeline??
## When each wave moves
- ((wave timeline))

You will get a reminder in the week your own wave moves.
))
## Watch both inboxes
Once the first people have moved, their replies to you go to your NHSmail address, even if you have not moved yet. From ((first wave date)), check your NHSmail inbox as well as your ((org name)) inbox.

## If you already have NHSmail
Make sure you can still sign in. If you cannot, contact the IT helpdesk.

## Make your mailbox smaller
Your ((org name)) mailbox is added to your NHSmail account. The two together must be under your NHSmail quota (((nhsmail quota gb)) GB for most people) by the end of **((quota deadline))**. If they are not, your ((org name)) mail will not be moved and you may not be able to get it back. Guidance: ((mailbox guidance url)).

## What changes for you
- Your email address changes to one ending in @nhs.net. Start telling the people you write to most often.
- You sign in to NHSmail with a new username and password.
- Some kinds of file, such as music and video files, cannot be sent or received on NHSmail. Before you move, save any you want to keep from your mailbox somewhere else. The full list is in our guidance: ((local guidance url)).
- Reading NHSmail away from ((org name)) or on a phone brings a duty to keep information safe. Read the security guidance: ((security policy url)).
- Colleagues who let you open their mailbox or calendar need to give you access again once they have moved.
- If you would like some training, NHSmail has e-learning in the training section of its portal: https://portal.nhs.net.

## Good to know
- You can keep using email while you move: there is no downtime.
- ((deleted items migrated??Your Deleted Items folder moves with the rest of your mail.))((not deleted items migrated??Your Deleted Items folder does not move: put anything you want to keep in another folder.))
- Access you have given others to your mailbox or calendar must be given again on NHSmail: make a note of it now. Access already set up on an NHSmail account stays.
- What happens to distribution lists: ((distribution list arrangements)).
- What happens to shared mailboxes: ((shared mailbox arrangements)).
- If you own a distribution list, or use or own a shared mailbox, look out for an email about it.

Help and guidance: ((local guidance url)). Information pack: ((information pack url)).

${SIGN_OFF}`,
  },
  {
    id: 'over-quota',
    subject: 'Action needed: your mail is too large to move to NHSmail',
    body: `Dear ((first name)),

((org name)) is moving its email to NHSmail from ((first wave date)). ((your wave??You move with ((your wave)), on ((your wave dates)). ))Your ((org name)) mailbox will be copied into your NHSmail account and then closed.

Your mail is over the size that can be moved:
- your ((org name)) mailbox: ((local mailbox size))((nhsmail size??
- your NHSmail account, including calendar, contacts and tasks: ((nhsmail size))
- the two together: ((combined size))))
- your quota: ((quota))

Please remove at least **((amount to remove))** by the end of **((quota deadline))**.((nhsmail size?? You can remove it from your ((org name)) mailbox, your NHSmail account or both.))((nhsmail over quota?? Your NHSmail account on its own is already over your quota, so some of what you remove must come out of NHSmail.)) That takes you down to ((nearing quota size)) or less (((nearing quota percent))% of your quota), which leaves room for the mail you receive before your move. If you are still over your quota by then, your ((org name)) mail will not be moved to NHSmail and you may lose it.

Calendar entries, contacts and tasks count towards the NHSmail quota too, so look at those as well as old messages and large attachments. Our guidance shows how, and where to keep files instead: ((mailbox guidance url)).

If you have already made your mailbox smaller, thank you, and please ignore this email.

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'nearing-quota',
    subject: 'Your mailbox is close to its NHSmail quota',
    body: `Dear ((first name)),

((org name)) is moving its email to NHSmail from ((first wave date)). ((your wave??You move with ((your wave)), on ((your wave dates)). ))Your ((org name)) mailbox will be added to your NHSmail account, and all of it must fit within your quota.

You are not over it yet, but you are close:
- your ((org name)) mailbox: ((local mailbox size))((nhsmail size??
- your NHSmail account, including calendar, contacts and tasks: ((nhsmail size))
- the two together: ((combined size))))
- your quota: ((quota))

New mail keeps arriving until you move, and anyone over their quota on the day does not have their ((org name)) mail moved. Please remove at least **((amount to remove))** by the end of **((quota deadline))**.((nhsmail size?? You can remove it from your ((org name)) mailbox, your NHSmail account or both.)) That brings you down to ((nearing quota size)) or less (((nearing quota percent))% of your quota) and gives you room to spare.

Old messages with large attachments usually free the most space. Calendar entries, contacts and tasks count as well. Our guidance shows how, and where to keep files instead: ((mailbox guidance url)).

If you have already cleared some space, thank you, and please ignore this email.

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'mobile-users',
    subject: 'Using email on your phone? Three things to know before you move to NHSmail',
    body: `Dear ((first name)),

You read your ((org name)) email on a phone or tablet. When you move to NHSmail:

1. **Before your move**, open your email on the device and let it synchronise, so nothing is waiting to be sent.
2. **After your move**, set the device up again for your NHSmail account. It will not switch over by itself.
3. Once it is connected, NHSmail can wipe the device remotely if it is lost or stolen, to protect the information on it.

Step-by-step instructions: ((mobile guidance url)).

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'outlook-users',
    subject: 'Using Outlook? Getting ready for NHSmail',
    body: `Dear ((first name)),

You use Outlook (or another email programme) for your ((org name)) email. Before and after your move to NHSmail there are a few things to check.

## Before you move
- Sign in to NHSmail in a web browser at https://portal.nhs.net to check your account works. If it is locked, or you have forgotten your password, the IT helpdesk can help.

## After you move
- You may need to connect Outlook to NHSmail again.
- The addresses Outlook suggests as you type start empty in the new profile.
- Rules you set up may need creating again.
- Your signature may need adding again.
- PST files (personal folders) may need reconnecting.
- ((deleted items migrated??Your Deleted Items move with the rest of your mail.))((not deleted items migrated??Your Deleted Items do not move, so save anything you need from them first.))

Step-by-step instructions: ((outlook guidance url)).

${HELP}

${SIGN_OFF}`,
  },
  {
    id: 'helpdesk',
    subject: 'NHSmail migration: what the helpdesk needs to know',
    body: `Dear ((first name)),

The move to NHSmail starts on ((first wave date)), and staff will turn to you first. Here is what to expect.

## Accounts appear before people move
When accounts are registered in bulk, they show in the NHS Directory straight away and can start receiving mail. Tell anyone who asks to sign in and keep an eye on their new inbox.

## Where the answers are
- Local guidance for staff: ((local guidance url))
- The information pack, with the before- and after-move checklists: ((information pack url))
- Phones and tablets: ((mobile guidance url))
- Outlook: ((outlook guidance url))
- The NHSmail portal help pages and training: https://portal.nhs.net
- The national NHSmail helpdesk, open all day every day: 0333 200 1133 or helpdesk@nhs.net

## Local administrators
Our local administrators can unlock an NHSmail account, reset a password and update someone's details in the NHS Directory. Anyone can reset their own password on the portal, so ask people to try that first. People Finder on https://portal.nhs.net shows who the local administrators of an organisation are.

## Questions you are likely to hear after a move
- "My phone stopped getting email": it needs setting up again for NHSmail.
- "Outlook does not suggest addresses any more": the suggestions start empty in the new profile.
- "I cannot open my colleague's mailbox" or "I cannot open our shared mailbox": the mailbox's owner must give access again.
- "I cannot send mail": the mailbox is probably over its quota (4 GB as standard; some people have more).

Questions for the project team: ((project team email)).

${SIGN_OFF}`,
  },
  {
    id: 'application-owners',
    subject: 'Action needed: your application sends email and will stop when its account moves to NHSmail',
    body: `Dear ((first name)),

Our records show you look after an application that sends email through the ((org name)) mail server, such as an appointment reminder system.

When the account the application uses moves to NHSmail, the application will stop sending mail. It will not reconnect by itself: its email settings must be changed by hand after the move.

The settings to use are at ((application settings url)). Please tell the project team at ((project team email)) which account your application uses and when you can make the change, so the change can be planned with you.

${SIGN_OFF}`,
  },
  {
    id: 'dl-owners',
    subject: 'You own a distribution list: what happens to it when we move to NHSmail',
    body: `Dear ((first name)),

Our records show you own one or more distribution lists in the ((org name)) email system. Lists on the ((org name)) server may need to be created again on NHSmail.((distribution lists??

These are the lists we have down as yours, with the number of members each has on our records:

- ((distribution lists))

If a list of yours is missing here, or one of these is not yours, please tell the project team at ((project team email)).))

## What has been decided
((distribution list arrangements)).

## What to do now
- Make a note of each list you own and who is on it.
- Tell the project team at ((project team email)) about any list that is no longer needed.

## Good to know
- Personal lists saved in your contacts move with your mailbox.
- For a while some members of a list will have moved and others will not. If you are unsure how that affects your lists, ask the project team.

${SIGN_OFF}`,
  },
  {
    id: 'shared-mailbox-users',
    subject: 'You use a shared mailbox: what happens to it when we move to NHSmail',
    body: `Dear ((first name)),

You can open the ((org name)) shared mailboxes below. Next to each one are the people our records name as its owners:

- ((shared mailboxes))

## What has been decided
((shared mailbox arrangements)).

((shared mailboxes over limit??## A mailbox that is too large
Larger than NHSmail allows for a shared mailbox: ((shared mailboxes over limit)). Please help make it smaller before the move. With the others who use the mailbox, delete the mail your team no longer needs or save it somewhere else, then empty its Deleted Items folder. If you are not sure what can go, ask the mailbox's owner to decide.

))## After the move
Access to a shared mailbox has to be given again on NHSmail. If you cannot open one of these mailboxes after your move, ask its owner to give you access again.

If a mailbox has no owner on our records, the project team can tell you who looks after it: ((project team email)). If you own one yourself, you will get a separate email about giving its users access again.

${SIGN_OFF}`,
  },
  {
    id: 'shared-mailbox-owners',
    subject: 'You own a shared mailbox: what happens to it when we move to NHSmail',
    body: `Dear ((first name)),

Our list of shared mailbox owners names you as an owner of the ((org name)) shared mailboxes below. After the move, the people who use them will need you to give them access again. This is who has access to each one today, and what kind:

- ((owned shared mailboxes))

## What has been decided
((shared mailbox arrangements)).

((owned mailboxes over limit??## A mailbox that is too large
Larger than NHSmail allows for a shared mailbox: ((owned mailboxes over limit)). Please agree with the people who use each one what can be deleted or saved somewhere else, and have it cleared before the move. If a mailbox cannot be made smaller, talk to the project team at ((project team email)).

))## What to do now
- Check the list above. If someone is missing, or should no longer have access, tell the project team at ((project team email)).
- Keep your own copy of it: you will need it after the move.

## After the move
- Give access back to each person on your list. The NHSmail shared mailbox guide on https://portal.nhs.net shows how.
- People who use one of your mailboxes have been told to ask you if they cannot open it.

${SIGN_OFF}`,
  },
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
