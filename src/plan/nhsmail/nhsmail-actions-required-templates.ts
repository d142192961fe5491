import type { PlanDefinition } from '../plan-model.js';
import { HELP, SIGN_OFF } from './nhsmail-sign-off.js';

/** The emails of the NHSmail plan's actions required phase. */
export const NHSMAIL_ACTIONS_REQUIRED_TEMPLATES: PlanDefinition['templates'] = [
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
];
