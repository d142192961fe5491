import type { ActivityDefinition, Phase } from '../plan-model.js';
import { NHSMAIL_ACTIONS_REQUIRED_ACTIVITIES } from './nhsmail-actions-required-activities.js';
import { NHSMAIL_POST_MIGRATION_ACTIVITIES } from './nhsmail-post-migration-activities.js';
import { NHSMAIL_PRE_MIGRATION_ACTIVITIES } from './nhsmail-pre-migration-activities.js';
import { NHSMAIL_RAISING_AWARENESS_ACTIVITIES } from './nhsmail-raising-awareness-activities.js';

export const NHSMAIL_PHASES: Phase[] = [
  {
    id: 'raising-awareness',
    number: 1,
    title: 'Raising awareness',
    summary:
      'Tell everyone that the organisation is moving to NHSmail and why, through the intranet, the staff newsletter, an all-staff email, posters and banner stands.',
  },
  {
    id: 'actions-required',
    number: 2,
    title: 'Actions required',
    summary:
      'Step up the messages and reach the groups with something to do before they move: people over or close to their quota, mobile and Outlook users, the helpdesk, application owners, owners of distribution lists, and the users and owners of shared mailboxes.',
  },
  {
    id: 'pre-migration',
    number: 3,
    title: 'Pre-migration',
    summary:
      'Share every wave and the information pack, repeat the security rules and where to get help, and remind each wave in the working week that ends with its move.',
  },
  {
    id: 'post-migration',
    number: 4,
    title: 'Post-migration',
    summary:
      'Welcome the people each wave moved with what to do next (quota, security, phones, Outlook, where to get help), tell those whose move failed or has not finished what happens now, and close the programme when every wave is done.',
  },
];

export const NHSMAIL_ACTIVITIES: ActivityDefinition[] = [
  ...NHSMAIL_RAISING_AWARENESS_ACTIVITIES,
  ...NHSMAIL_ACTIONS_REQUIRED_ACTIVITIES,
  ...NHSMAIL_PRE_MIGRATION_ACTIVITIES,
  ...NHSMAIL_POST_MIGRATION_ACTIVITIES,
];
