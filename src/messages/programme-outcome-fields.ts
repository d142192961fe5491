import { plural } from '../shared/plural.js';

/** The placeholders the completion email says what became of the programme with. */
export const PROGRAMME_OUTCOME_FIELDS = ['people moved', 'people not moving', 'remainder accepted'] as const;

/**
 * What the completion email says, from the people table when it is queued: how many moved, and how
 * many with a local mailbox did not. It goes only once nobody is left, or once the programme board
 * has accepted those left (`results/completion.ts`), so anyone left was accepted.
 */
export function programmeOutcomeFields(counts: { moved: number; unmoved: number }): Record<string, string> {
  return {
    'people moved': plural(counts.moved, 'person', 'people'),
    'people not moving': plural(counts.unmoved, 'person', 'people'),
    'remainder accepted': counts.unmoved > 0 ? 'yes' : 'no',
  };
}
