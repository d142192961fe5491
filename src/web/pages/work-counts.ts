import { countBounces } from '../../bounces/bounces.store.js';
import { plural } from '../../shared/plural.js';
import type { WebContext } from '../web-context.js';
import { tasksOf } from './tasks.js';

/** The dashboard's counts of work for people: tasks to do (late ones, ones with nobody to tell) and bounces, each linking to its list. */
export async function workCounts(web: WebContext) {
  const [tasks, bounces] = await Promise.all([tasksOf(web), countBounces(web.store.db, web.organisation.id)]);
  const toDo = tasks.filter((t) => t.state === 'open' || t.state === 'late');
  const late = toDo.filter((t) => t.state === 'late').length;
  const nobodyToTell = toDo.filter((t) => t.nobodyToTell).length;
  return {
    tasks: `${plural(toDo.length, 'task')} to do${late ? `, ${late} late` : ''}`,
    nobodyToTell: nobodyToTell ? `${plural(nobodyToTell, 'task has', 'tasks have')} nobody to tell` : '',
    bounces: plural(bounces, 'bounce'),
  };
}
