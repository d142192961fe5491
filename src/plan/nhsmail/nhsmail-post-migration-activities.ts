import type { ActivityDefinition } from '../plan-model.js';

/** The activities of the NHSmail plan's post-migration phase. */
export const NHSMAIL_POST_MIGRATION_ACTIVITIES: ActivityDefinition[] = [
  {
    id: 'welcome',
    reference: '7.4.1',
    phase: 'post-migration',
    title: 'Welcome each wave to NHSmail',
    audiences: ['wave-migrated'],
    timing: { kind: 'wave', anchor: 'end', days: 1, count: 'working' },
    channels: ['targeted-email'],
    actions: [
      'Sent from NHSmail to the people the wave moved.',
      'Where to get help, quota and retention, security when signing in, setting up phones and Outlook.',
      'The guide for new users, finding local administrators in People Finder, and whether Outlook is set up centrally (setting outlook-set-up-centrally).',
    ],
    templateIds: ['welcome'],
  },
  {
    id: 'failed-migration',
    reference: '7.4.2',
    phase: 'post-migration',
    title: 'Tell people whose move failed what happens next',
    audiences: ['wave-failed'],
    timing: { kind: 'wave', anchor: 'end', days: 1, count: 'working' },
    channels: ['targeted-email'],
    actions: [
      'Sent to the people whose move in the wave failed.',
      'Their mailbox has not moved; they keep checking NHSmail too, as colleagues who have moved reply there.',
      'What happens next: the wave they now move in and its dates (carry them over first), or, for people whose move failed twice or when no wave is left, what the IT helpdesk does and how to reach it.',
    ],
    templateIds: ['failed-migration'],
  },
  {
    id: 'move-not-finished',
    reference: 'new',
    phase: 'post-migration',
    title: 'Tell people whose move has not finished what it means for them',
    audiences: ['wave-unfinished'],
    timing: { kind: 'wave', anchor: 'end', days: 1, count: 'working' },
    channels: ['targeted-email'],
    actions: [
      'Sent to the people whose move in the wave was stopped, or was still copying or waiting for the switch-over, when the results came in.',
      'They keep using their old mailbox and check their NHSmail inbox too; the project team finishes the move.',
      'A person whose move finishes later gets the welcome then; one whose move fails gets the failed-migration email.',
    ],
    templateIds: ['move-not-finished'],
  },
  {
    id: 'completion',
    reference: '7.4.3',
    phase: 'post-migration',
    title: 'Tell all staff the move is complete',
    audiences: ['all-staff'],
    timing: { kind: 'after-all-waves', days: 5, count: 'working' },
    channels: ['all-staff-email'],
    actions: [
      'How many people moved, and, when the programme board accepted that some will not move, how many and what happens to them (setting not-moving-arrangements).',
      'Repeat what NHSmail gives staff, patients and the organisation.',
      'Sent to the NHSmail all-staff list when one is set (setting nhsmail-all-staff-address), else the local one.',
    ],
    templateIds: ['completion'],
  },
];
