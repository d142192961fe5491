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
  'shared-mailbox-owners': 'Shared mailbox owners',
  wave: 'Users moving in the wave',
  migrated: 'Users moved in the wave',
  failed: 'Users whose move in the wave failed',
};

/** The audience of one occurrence: wave audiences are narrowed to that wave. */
export function audienceForWave(audience: string, waveName: string): string {
  return audience === 'wave' ? `wave:${waveName}` : audience;
}

export function describeAudience(audience: string, waveName?: string): string {
  if (audience.startsWith('wave:')) return `Users moving in ${audience.slice(5)}`;
  const label = AUDIENCE_LABELS[audience] ?? audience;
  return waveName ? label.replace('the wave', waveName) : label;
}
