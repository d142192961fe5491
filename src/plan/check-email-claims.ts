import { addDays, dayOfWeek, formatDate, formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { type Finding, isOpen } from './finding.js';
import type { Workspace } from './workspace.js';

/**
 * Checks that what the emails claim holds for this organisation's plan: that someone is known to
 * own the shared mailboxes the owners' email is about, and that "this weekend" is true.
 */

/** Who owns each shared mailbox is the organisation's decision; until an owners list says, the owners' email has no one to go to. */
export function ownerListFindings(workspace: Workspace): Finding[] {
  if (workspace.sharedMailboxOwners > 0) return [];
  return workspace.activities
    .filter((activity) => isOpen(activity) && activity.audiences.includes('shared-mailbox-owners'))
    .map((activity) => ({
      severity: 'blocker' as const,
      code: 'shared-mailbox-owners-undecided',
      activityId: activity.id,
      message: `Activity ${activity.id} is for the owners of shared mailboxes, but no owners list has been imported, so who owns each one is still undecided. Import the list with: commsplan import shared-mailbox-owners FILE, or skip the activity with: commsplan activity set ${activity.id} --status skipped`,
      problem: `${activity.title} is for the owners of shared mailboxes, but no owners list has been imported, so who owns each one is still undecided. Import the owners list, or skip the activity on its page.`,
      fixAt: { kind: 'imports' as const },
    }));
}

/** The Saturday of the weekend a date falls in, or undefined on a weekday. */
function weekendSaturday(date: LocalDate): LocalDate | undefined {
  const day = dayOfWeek(date);
  if (day === 6) return date;
  return day === 0 ? addDays(date, -1) : undefined;
}

/**
 * An email that tells a wave it moves "this weekend" is only true in the Monday to Friday just
 * before a wave that starts at a weekend.
 */
export function thisWeekendFindings(workspace: Workspace): Finding[] {
  const saysThisWeekend = new Set(
    workspace.activities
      .filter(
        (activity) =>
          isOpen(activity) &&
          activity.templateIds.some((id) => {
            const template = workspace.templates.find((t) => t.id === id);
            return template !== undefined && /this weekend/i.test(`${template.subject}\n${template.body}`);
          }),
      )
      .map((activity) => activity.id),
  );
  const findings: Finding[] = [];
  for (const occurrence of workspace.timeline) {
    const wave = occurrence.wave && workspace.waves.find((w) => w.id === occurrence.wave?.id);
    if (!wave || !saysThisWeekend.has(occurrence.activityId)) continue;
    const saturday = weekendSaturday(wave.start);
    const where = `${occurrence.activityId} for ${wave.name}`;
    if (!saturday) {
      findings.push({
        severity: 'blocker',
        code: 'wave-not-at-weekend',
        activityId: occurrence.activityId,
        wave: wave.name,
        message: `${wave.name} starts on ${formatLongDate(wave.start)}, a weekday, but ${where} tells people they move this weekend. Start the wave on a Saturday or Sunday with: commsplan waves move "${wave.name}" --start YYYY-MM-DD`,
        problem: `${wave.name} starts on ${formatLongDate(wave.start)}, a weekday, but ${occurrence.title} — ${wave.name} tells people they move this weekend. Start the wave on a Saturday or Sunday.`,
        fixAt: { kind: 'wave-move', waveId: wave.id, wave: wave.name },
      });
    } else if (occurrence.date >= saturday || occurrence.date < addDays(saturday, -5)) {
      findings.push({
        severity: 'blocker',
        code: 'reminder-outside-wave-week',
        activityId: occurrence.activityId,
        wave: wave.name,
        message: `${where} is dated ${formatLongDate(occurrence.date)}, outside the working week that ends with the wave (Monday ${formatDate(addDays(saturday, -5))} to Friday ${formatDate(addDays(saturday, -1))}), so "this weekend" would be wrong. Bank holidays or closure days in that week have pushed it back: check the closures with: commsplan closures`,
        problem: `${occurrence.title} — ${wave.name} is dated ${formatLongDate(occurrence.date)}, outside the working week that ends with the wave (Monday ${formatDate(addDays(saturday, -5))} to Friday ${formatDate(addDays(saturday, -1))}), so “this weekend” would be wrong. Bank holidays or closure days in that week have pushed it back.`,
        fixAt: { kind: 'closures' },
      });
    }
  }
  return findings;
}
