import type { SettingDefinition } from './setting-definition.js';

/** The local arrangements the emails describe: distribution lists, shared mailboxes, failed moves and those not moving. */
export const ARRANGEMENT_SETTINGS = [
  {
    key: 'distribution-list-arrangements',
    label: 'What happens to distribution lists',
    type: 'text',
    help: 'The decision on local distribution lists, as the emails tell it, for example "The project team recreates each list on NHSmail with its owner".',
  },
  {
    key: 'shared-mailbox-arrangements',
    label: 'What happens to shared mailboxes',
    type: 'text',
    help: 'The decision on shared mailboxes, as the emails tell it, for example "Each shared mailbox moves in the wave of its owner".',
  },
  {
    key: 'failed-migration-arrangements',
    label: 'What happens after a failed move',
    type: 'text',
    help: 'For your own templates: what a person whose move failed should expect. The built-in failed-migration email does without it: it names the wave the person now moves in, or the helpdesk route.',
    optional: true,
  },
  {
    key: 'not-moving-arrangements',
    label: 'What happens to people who do not move',
    type: 'text',
    help: 'Completes the completion email\'s line about the people the programme board accepted will not move in a wave, for example "Their mailbox keeps working, and the IT helpdesk arranges each move with them".',
    defaultValue: 'Their mailbox keeps working for now, and the IT helpdesk will arrange a move with each of them, one person at a time',
  },
] as const satisfies readonly SettingDefinition[];
