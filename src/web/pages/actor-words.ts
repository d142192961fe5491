/**
 * Who made a change, as the audit log stores it: a person's name or email address, or one of the
 * names commsplan writes when no person did it. The page shows those as people read them; a
 * filter still uses the stored name.
 */
const ACTORS: Readonly<Record<string, { label: string; by: string }>> = {
  cli: { label: 'From the command line', by: 'someone at the command line' },
  commsplan: { label: 'Commsplan, by itself', by: 'commsplan, by itself' },
  worker: { label: 'The sending worker', by: 'the sending worker' },
  demo: { label: 'The demo set-up', by: 'the demo set-up' },
  preview: { label: 'A preview (nothing changed)', by: 'a preview' },
  'employee-number': { label: 'Matched by employee number', by: 'matching employee numbers' },
  unknown: { label: 'Someone not recorded', by: 'someone not recorded' },
};

/** "From the command line" for `cli`; a person's own name as it is. For a list or a table cell. */
export const actorLabel = (actor: string) => ACTORS[actor]?.label ?? actor;

/** "someone at the command line" for `cli`, to follow "by" in a sentence; a person's own name as it is. */
export const actorAfterBy = (actor: string) => ACTORS[actor]?.by ?? actor;
