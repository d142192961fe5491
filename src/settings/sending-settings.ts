import type { SettingDefinition } from './setting-definition.js';

/** When emails go and the all-staff addresses they go to. */
export const SENDING_SETTINGS = [
  {
    key: 'send-time',
    label: 'Send time',
    type: 'time',
    help: 'The London time of day at which planned emails go out.',
    defaultValue: '09:00',
  },
  {
    key: 'task-notice-days',
    label: 'Tell task owners ahead by',
    type: 'whole-number',
    help: 'How many working days before an intranet page, newsletter item, poster or briefing is due its owner is sent the words to publish.',
    defaultValue: '3',
  },
  {
    key: 'all-staff-address',
    label: 'All-staff distribution list',
    type: 'email',
    help: 'The address of the list that reaches every member of staff. Needed by the emails sent to all staff: each goes to it as one message, and cannot be approved until it is set.',
    optional: true,
  },
  {
    key: 'nhsmail-all-staff-address',
    label: 'NHSmail all-staff distribution list',
    type: 'email',
    help: 'The NHSmail list that reaches every member of staff once they have moved. When set, the emails to all staff after the moves (the completion email) go to it instead of the local all-staff list.',
    optional: true,
  },
] as const satisfies readonly SettingDefinition[];
