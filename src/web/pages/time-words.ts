const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });

/** An instant as people here read it: "3 December 2026, 21:20" in London time. */
export function londonDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : LONDON.format(date);
}

export const count = (n: number) => n.toLocaleString('en-GB');
