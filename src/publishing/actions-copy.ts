import type { CopyPart } from './channel-copy.js';

/** What the move means for everyone in phase 2 and is not a step to take, in our words. */
export const GOOD_TO_KNOW_FOR_EVERYONE = `- You can keep using email while your mailbox moves: there is no downtime.
- ((deleted items migrated??Your Deleted Items folder moves with the rest of your mail.))((not deleted items migrated??Your Deleted Items folder does not move: put anything you want to keep in another folder first.))`;

/**
 * The headline of each targeted message, for a piece that has no section per audience (the
 * newsletter): each audience's own section on the intranet page says it in full.
 */
export const GOOD_TO_KNOW_IN_SHORT = `- Calendar entries, contacts and tasks count towards your NHSmail quota, as well as your mail.
- If you read email on a phone or tablet, let it finish syncing before your move and set it up again for NHSmail afterwards.
- Personal distribution lists saved in your contacts move with your mailbox. For lists on the ((org name)) server: ((distribution list arrangements)).
- Shared mailboxes: ((shared mailbox arrangements)). Access to them has to be given again after the move, so if you own one, make a note now of who uses it.
- If you use Outlook, own a distribution list or a shared mailbox, or look after a system that sends email, the intranet page about the move has a section for you.`;

/**
 * A section of the phase-2 intranet page for each audience the plan sends a targeted message to,
 * with the migration page as one of its channels: what those people must do, in our words. One
 * page with a section each rather than a page each, because the plan names a single migration
 * page and people who belong to several audiences find every section in one place.
 */
export const AUDIENCE_SECTIONS: readonly CopyPart[] = [
  {
    kind: 'text',
    heading: 'If your mailbox is over or close to its quota',
    markdown: `- If it is, we email you your sizes and how much to remove.
- Your ((org name)) mailbox and any NHSmail account you already have count together. Calendar entries, contacts and tasks count as well as your mail.
- Remove at least what the email asks by your clean-up deadline (above). If you are still over your quota then, your ((org name)) mail is not moved and you may lose it.
- How to make your mailbox smaller, and where to keep files instead: ((mailbox guidance url)).`,
  },
  {
    kind: 'text',
    heading: 'If you read email on a phone or tablet',
    markdown: `- Before your move, open your email on the device and let it finish syncing, so that nothing is left waiting to be sent.
- After your move, set the device up again for NHSmail: it does not switch over by itself.
- Once it is connected, NHSmail can wipe the device remotely if it is lost or stolen, to protect the information on it.
- Step-by-step guide: ((mobile guidance url)).`,
  },
  {
    kind: 'text',
    heading: 'If you use Outlook or another email program',
    markdown: `- Before your move, sign in to NHSmail in a web browser at https://portal.nhs.net to check that your account works. If it is locked or you have forgotten your password, the IT helpdesk can help.
- After your move, Outlook needs connecting to NHSmail, unless the IT team tells you it has done this for you.
- The addresses Outlook suggests as you type start empty, and fill up again as you send mail.
- Rules that sorted or forwarded your mail, your signature and any personal folders (PST files) may need setting up again.
- What happens to your Deleted Items folder is under "Good to know" above.
- Step-by-step guide: ((outlook guidance url)).`,
  },
  {
    kind: 'text',
    heading: 'For the IT helpdesk',
    markdown: `- Accounts registered in bulk show in the NHS Directory at once and can start receiving mail before their owners move. Tell anyone who asks to sign in and keep an eye on their new inbox.
- People can reset their own NHSmail password on the portal, so ask them to try that first. Our local administrators can unlock accounts.
- The information pack answers the questions staff ask most after a move. The national NHSmail helpdesk is open all day, every day: 0333 200 1133 or helpdesk@nhs.net.`,
  },
  {
    kind: 'text',
    heading: 'If you look after a system that sends email',
    markdown: `- A system that sends or receives email through a ((org name)) mailbox (appointment reminders, for example) stops when that mailbox moves to NHSmail. It does not reconnect by itself.
- Its email settings must be changed by hand after the move. The settings to use: ((application settings url)).
- Tell the project team at ((project team email)) which mailbox it uses, so that the change can be planned with you.`,
  },
  {
    kind: 'text',
    heading: 'If you own a distribution list',
    markdown: `- Lists on the ((org name)) server may need creating again on NHSmail. What has been decided: ((distribution list arrangements)).
- Make a note now of each list you own and who is on it.
- Personal lists saved in your contacts move with your mailbox.
- For a while some members of a list will have moved and others will not. If you are unsure how that affects a list, ask the project team.`,
  },
  {
    kind: 'text',
    heading: 'If you use or own a shared mailbox',
    markdown: `- What has been decided: ((shared mailbox arrangements)).
- Access to a shared mailbox has to be given again on NHSmail. If you own one, make a note now of who can open it, and give them access again after the move: the NHSmail shared mailbox guide on https://portal.nhs.net shows how.
- If you use one and cannot open it after your move, ask its owner to give you access again.`,
  },
];
