import type { ActivityDefinition } from '../plan-model.js';

/** The activities of the NHSmail plan's raising awareness phase. */
export const NHSMAIL_RAISING_AWARENESS_ACTIVITIES: ActivityDefinition[] = [
  {
    id: 'announcement',
    reference: '7.1.1',
    phase: 'raising-awareness',
    title: 'Announce the move to NHSmail',
    audiences: ['all-staff'],
    timing: { kind: 'programme', month: 1 },
    channels: ['all-staff-email', 'intranet-page', 'intranet-front-page', 'newsletter'],
    actions: [
      'Explain what NHSmail is.',
      'Say why the organisation is moving to it.',
      'Describe what it offers and how staff gain from it.',
      'Outline what happens when.',
      'Say which messages to look out for next.',
      'Say whom to contact: the project team and the IT helpdesk.',
    ],
    templateIds: ['announcement'],
  },
  {
    id: 'posters-and-banners',
    reference: '6.1',
    phase: 'raising-awareness',
    title: 'Posters and banner stands in busy areas',
    audiences: ['all-staff'],
    timing: { kind: 'programme', month: 1, week: 2 },
    channels: ['poster', 'banner-stand'],
    actions: [
      'Put up posters and banner stands where staff pass every day: entrances, canteens, staff rooms.',
      'Point to the migration intranet page. Skip this activity if it does not suit the organisation.',
    ],
    templateIds: [],
  },
];
