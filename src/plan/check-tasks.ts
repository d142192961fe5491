import { type Finding, isOpen } from './finding.js';
import { parseOwner } from './owner.js';
import { CHANNELS } from './plan-model.js';
import { isEmailChannel } from './plan-tasks.js';
import type { Workspace } from './workspace.js';

/**
 * An activity published by hand whose owner has a name but no address: its task notices and
 * reminders have nobody to go to. (An activity without an owner is reported as such already.)
 */
export function taskOwnerFindings(workspace: Workspace): Finding[] {
  return workspace.activities
    .filter((activity) => isOpen(activity) && activity.owner && !parseOwner(activity.owner).email)
    .flatMap((activity) => {
      const byHand = activity.channels.filter((channel) => !isEmailChannel(channel));
      if (byHand.length === 0) return [];
      return [
        {
          severity: 'warning' as const,
          code: 'task-owner-unreachable',
          activityId: activity.id,
          message: `Activity ${activity.id} is published by hand (${byHand.map((c) => CHANNELS[c]).join(', ')}), but its owner "${activity.owner}" has no email address, so nobody is told when it is due. Set one with: commsplan activity set ${activity.id} --owner "Name <address>"`,
          problem: `${activity.title} is published by hand (${byHand.map((c) => CHANNELS[c]).join(', ')}), but its owner “${activity.owner}” has no email address, so nobody is told when it is due. Give the owner an address on the activity’s page.`,
          fixAt: { kind: 'activity' as const, activityId: activity.id, title: activity.title },
        },
      ];
    });
}
