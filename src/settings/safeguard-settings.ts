import type { SettingDefinition } from './setting-definition.js';

/** How long to wait for mail servers, and the guards before approving and sending. */
export const SAFEGUARD_SETTINGS = [
  {
    key: 'smtp-connect-timeout-seconds',
    label: 'Wait for a mail server to connect (seconds)',
    type: 'whole-number',
    help: 'How long commsplan waits for a mail server to take a connection and greet it before counting the message as unanswered.',
    defaultValue: '30',
  },
  {
    key: 'smtp-answer-timeout-seconds',
    label: 'Wait for each answer (seconds)',
    type: 'whole-number',
    help: 'How long commsplan waits for each answer of a mail server once connected. A message left unanswered is tried again later.',
    defaultValue: '60',
  },
  {
    key: 'smtp-timeouts-to-pause',
    label: 'Unanswered messages that pause a sender',
    type: 'whole-number',
    help: 'How many messages in a row a mail server may leave unanswered before their sender is paused, its messages go back to the queue and sending stops for it.',
    defaultValue: '3',
  },
  // Guards before approving and sending.
  {
    key: 'data-max-age-days',
    label: 'Approve and send on data up to (days old)',
    type: 'whole-number',
    help: 'How many days after the latest import of each kind an audience needs commsplan still approves and sends its emails without asking: older data, like an empty audience or data never imported, needs someone to confirm it first.',
    defaultValue: '14',
  },
] as const satisfies readonly SettingDefinition[];
