/** Audiences the plan refers to; the rules that pick their members live in `audiences/`. */
export const AUDIENCE_LABELS: Readonly<Record<string, string>> = {
  'all-staff': 'All staff',
  'local-email-users': 'Everyone with a local mailbox',
  'nhsmail-users': 'Current NHSmail users',
  'mobile-users': 'Mobile users',
  'email-programme-users': 'Email programme (Outlook) users',
  'over-quota': 'Over-quota users (local and NHSmail)',
  'nearing-quota': 'Users nearing their quota',
  helpdesk: 'IT helpdesk staff',
  'application-owners': 'Application owners',
  'dl-owners': 'Distribution list owners',
  'shared-mailbox-users': 'Users of shared mailboxes',
  'shared-mailbox-owners': 'Shared mailbox owners',
  migrated: 'Users moved to NHSmail',
  failed: 'Users whose move failed',
  wave: 'Users moving in the wave',
  'wave-migrated': 'Users moved in the wave',
  'wave-failed': 'Users whose move in the wave failed',
  'wave-unfinished': 'Users whose move in the wave has not finished',
};

/**
 * Audiences an activity tied to waves names once, narrowed to each wave's people: `wave` is
 * those not yet moved, `wave-migrated`, `wave-failed` and `wave-unfinished` those the wave's results name.
 */
const PER_WAVE_PREFIX: Readonly<Record<string, string>> = {
  wave: 'wave',
  'wave-migrated': 'migrated',
  'wave-failed': 'failed',
  'wave-unfinished': 'unfinished',
};

/** The audience of one occurrence: `wave` becomes `wave:Wave 1`, `wave-migrated` `migrated:Wave 1`. */
export function audienceForWave(audience: string, waveName: string): string {
  const prefix = PER_WAVE_PREFIX[audience];
  return prefix ? `${prefix}:${waveName}` : audience;
}

/** Splits `migrated:Wave 1` into its per-wave audience and wave name. */
export function perWaveAudience(audience: string): { audience: string; wave: string } | undefined {
  const match = /^(wave|migrated|failed|unfinished):(.+)$/i.exec(audience.trim());
  if (!match) return undefined;
  const prefix = (match[1] as string).toLowerCase();
  const audienceName = Object.keys(PER_WAVE_PREFIX).find((key) => PER_WAVE_PREFIX[key] === prefix) as string;
  return { audience: audienceName, wave: (match[2] as string).trim() };
}

export function describeAudience(audience: string, waveName?: string): string {
  const perWave = perWaveAudience(audience);
  if (perWave) return (AUDIENCE_LABELS[perWave.audience] as string).replace('the wave', perWave.wave);
  const label = AUDIENCE_LABELS[audience] ?? audience;
  return waveName ? label.replace('the wave', waveName) : label;
}

/** An audience of the people a wave's results name (migrated, failed, unfinished): it fills only once those results are imported. */
export function isWaveResultsAudience(audience: string): boolean {
  return /^(migrated|failed|unfinished)(:|$)/i.test(audience.trim());
}
