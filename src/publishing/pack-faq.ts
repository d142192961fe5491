import type { DocumentBlock } from '../plan-outputs/document-model.js';
import { NHSMAIL_FACTS } from './pack-guidance.js';
import type { PublishedValues } from './published-values.js';

interface Question {
  question: string;
  answer: string;
}

/** Questions staff ask, the helpdesk's among them, with our answers. */
function questions(values: PublishedValues, quotaGb: number): Question[] {
  return [
    {
      question: 'Will my email address change?',
      answer: 'Yes. Your new address ends in @nhs.net, and it stays yours if you move to another NHS organisation.',
    },
    {
      question: 'Can I use email while my mailbox is moving?',
      answer: 'Yes. There is no break in service; keep working as normal.',
    },
    {
      question: 'Why are some replies arriving in NHSmail before I have moved?',
      answer: 'Colleagues who have already moved reply to your NHSmail address. Check both inboxes until your own move is done.',
    },
    {
      question: 'My phone stopped getting email after my move. What do I do?',
      answer: `It needs setting up again for NHSmail. Follow the guide at ${values.text('mobile-guidance-url')}.`,
    },
    {
      question: 'Outlook no longer suggests addresses as I type. Is something wrong?',
      answer: 'No. The list of suggestions starts empty in a new Outlook profile and fills up again as you write to people.',
    },
    {
      question: "I cannot open a colleague's mailbox or our shared mailbox. Why?",
      answer: 'Access has to be given again on NHSmail. Ask the owner of the mailbox or calendar to give it to you.',
    },
    {
      question: 'I cannot send mail. What is wrong?',
      answer: `Your mailbox is probably full. Most people have ${quotaGb} GB. Delete large attachments and old mail, empty Deleted Items, and see ${values.text('mailbox-guidance-url')}.`,
    },
    {
      question: 'Can I have a bigger mailbox?',
      answer: `NHSmail mailboxes can be made larger, up to ${NHSMAIL_FACTS.largestQuotaGb} GB, but the organisation pays for each one. Most people stay within ${quotaGb} GB by keeping files and attachments in other storage.`,
    },
    {
      question: 'I have forgotten my NHSmail password or my account is locked.',
      answer: `Reset your password yourself on ${NHSMAIL_FACTS.portal}. If that does not work, your local administrators or the IT helpdesk (${values.text('helpdesk-phone')}) can unlock the account.`,
    },
    {
      question: 'What if my move does not finish?',
      answer:
        'You will get an email telling you what happens next. Usually that is a later wave, named with its dates. If no wave is left, or your move has not worked twice, the IT helpdesk arranges your move with you instead. Until then, keep using your old mailbox and keep checking both inboxes.',
    },
    {
      question: 'What happens to my distribution lists?',
      answer: `${values.sentence('distribution-list-arrangements')} Personal lists saved in your contacts move with your mailbox.`,
    },
    {
      question: 'Who do I ask about something not covered here?',
      answer: `For your account, the IT helpdesk: ${values.text('helpdesk-phone')} or ${values.text('helpdesk-email')}. About the move, the project team: ${values.text('project-team-email')}.`,
    },
  ];
}

export function packFaq(values: PublishedValues, quotaGb: number): DocumentBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'Questions and answers' },
    ...questions(values, quotaGb).flatMap(({ question, answer }): DocumentBlock[] => [
      { kind: 'heading', level: 3, text: question },
      { kind: 'paragraph', text: answer },
    ]),
  ];
}
