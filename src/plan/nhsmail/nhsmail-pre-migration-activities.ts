import type { ActivityDefinition } from '../plan-model.js';

/** The activities of the NHSmail plan's pre-migration phase. */
export const NHSMAIL_PRE_MIGRATION_ACTIVITIES: ActivityDefinition[] = [
  {
    id: 'month-3-all-staff',
    reference: '7.3.1',
    phase: 'pre-migration',
    title: 'All-staff update with every wave and the information pack',
    audiences: ['all-staff'],
    timing: { kind: 'programme', month: 3 },
    channels: ['all-staff-email', 'newsletter', 'intranet-front-page', 'information-pack', 'briefing'],
    actions: [
      'List every wave with its dates.',
      'Remind staff of the security rules for patient information.',
      'Link to the information pack: the main points so far and the headlines of the targeted messages.',
      'Brief managers, so that staff with no email address hear the same news from them.',
    ],
    templateIds: ['month-3-all-staff'],
  },
  {
    id: 'move-date',
    reference: 'new',
    phase: 'pre-migration',
    title: 'Tell each wave its move date, and who they share with that moves on another weekend',
    audiences: ['wave'],
    timing: { kind: 'wave', anchor: 'start', days: -15, count: 'working' },
    channels: ['targeted-email'],
    actions: [
      'Your move weekend, three weeks ahead, so that you can plan around it and say if it is a problem.',
      'The colleagues whose calendar or mailbox you share who move on a different weekend: what stops working until you have both moved, and what to do meanwhile.',
      'People who share only with colleagues in their own wave read nothing about it.',
    ],
    templateIds: ['move-date'],
    // Someone who joins a wave later (carried over, moved by hand) gets its wave notice, which has
    // the dates and a deadline: an early "nothing to do yet" beside it would contradict it.
    catchUp: false,
  },
  {
    id: 'wave-notice',
    reference: '6.3',
    phase: 'pre-migration',
    title: 'Tell each wave its dates and clean-up deadline',
    audiences: ['wave'],
    timing: { kind: 'wave', anchor: 'start', days: -10, count: 'working' },
    channels: ['targeted-email'],
    actions: [
      'Your wave and its dates, two weeks ahead, so that the clean-up deadline is still to come when you learn it.',
      'Your clean-up deadline, your quota and the information pack.',
      'Sign in to NHSmail now to check your username and password.',
    ],
    templateIds: ['wave-notice'],
  },
  {
    id: 'wave-reminder',
    reference: '7.3.2',
    phase: 'pre-migration',
    title: 'Remind each wave in the week it moves',
    audiences: ['wave'],
    timing: { kind: 'wave', anchor: 'start', days: -3, count: 'working' },
    channels: ['targeted-email'],
    actions: [
      'You move this weekend: sent in the working week that ends with the wave.',
      'Be under your quota by the clean-up deadline.',
      'Sign in to NHSmail before the move.',
      'How to sign in on the web, and where to get help on Monday.',
      'Attachments opened on a private computer leave a copy behind; the light version helps on slow connections or for high contrast.',
    ],
    templateIds: ['wave-reminder'],
  },
];
