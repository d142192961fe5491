import type { Command } from 'commander';
import { ownerName } from '../plan/owner.js';
import { plural } from '../shared/plural.js';
import { closeTask } from '../tasks/close-task.js';
import { listTasks, type TaskMessageReport, type TaskReport } from '../tasks/list-tasks.js';
import { reassignTask } from '../tasks/reassign-task.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation, withStore, workspacePath } from './cli-context.js';

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

function messageWords(kind: string, message: TaskMessageReport | null): string | undefined {
  if (!message) return undefined;
  if (message.state === 'sent') return `${kind} sent ${day(message.sentAt)}`;
  return `${kind} ${message.state}`;
}

/** What the owner has been told, in a few words. */
function toldWords(task: TaskReport): string {
  const said = [messageWords('notice', task.notice), messageWords('reminder', task.reminder)].filter(Boolean);
  if (said.length) return said.join(', ');
  if (task.nobodyToTell) return task.owner ? 'nobody to tell: the owner has no address' : 'nobody to tell: no owner';
  if (task.state === 'open') return `notice due ${task.noticeDate}`;
  return '-';
}

function stateWords(task: TaskReport): string {
  return task.closedBy ? `${task.state} by ${task.closedBy}, ${day(task.closedAt)}` : task.state;
}

function tasksTable(tasks: readonly TaskReport[]): string {
  const counts = (['open', 'late', 'done', 'skipped'] as const)
    .map((state) => [state, tasks.filter((t) => t.state === state).length] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  const table = formatTable(
    ['Task', 'Due', 'Channels', 'Owner', 'State', 'Owner told'],
    tasks.map((t) => [t.id, t.date, t.channels.join(', '), t.owner ? ownerName(t.owner) : '-', stateWords(t), toldWords(t)]),
  );
  return `${table}${plural(tasks.length, 'task')}: ${counts.join(', ') || 'none'}.\n`;
}

export function registerTaskCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('tasks')
    .description('What people publish by hand (intranet, newsletter, posters, briefings): open, late, done, and what each owner was sent')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const now = context.now();
      const path = workspacePath(context, globals());
      const tasks = await withStore(path, false, (store) => listTasks(store.db, path, globals().orgId, now));
      if (options.json) return printJson(context, { tasks });
      context.stdout.write(tasks.length ? tasksTable(tasks) : 'The plan has no tasks: every activity is an email.\n');
    });

  const task = program.command('task').description('Close a task once it is published');
  task
    .command('done <id>')
    .description('Mark a task done (its id as commsplan tasks shows it); its owner is not reminded about it')
    .option('--by <name>', 'who did it, for the audit log (default: cli)')
    .action(async (id: string, options: { by?: string }) => {
      const closed = await withOrganisation(context, globals(), (store, organisation) =>
        closeTask(store, organisation, { taskId: id, by: options.by }, context.now()),
      );
      const cancelled = closed.messagesCancelled
        ? `; ${plural(closed.messagesCancelled, 'unsent notice or reminder', 'unsent notices or reminders')} cancelled`
        : '';
      context.stdout.write(`${closed.taskKey} (${closed.title}): done, by ${closed.closedBy} at ${closed.closedAt}${cancelled}\n`);
    });

  task
    .command('reassign <id> <owner>')
    .description('Give a task to someone else: "Name <address>"; its activity gets the new owner, who is told at the next sending pass')
    .option('--by <name>', 'who did it, for the audit log (default: cli)')
    .action(async (id: string, owner: string, options: { by?: string }) => {
      const moved = await withOrganisation(context, globals(), (store, organisation) =>
        reassignTask(store, organisation, { taskId: id, owner, by: options.by }, context.now()),
      );
      const cancelled = moved.messagesCancelled
        ? `; ${plural(moved.messagesCancelled, 'unsent note', 'unsent notes')} to the previous owner cancelled`
        : '';
      context.stdout.write(
        `${moved.taskKey} (${moved.title}): now ${moved.to}'s, with every open task of ${moved.activityId} (${moved.openTasks.join(', ') || 'none'})${cancelled}\n`,
      );
    });
}
