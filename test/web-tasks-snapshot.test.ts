import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listTasks } from '../src/tasks/list-tasks.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';

/** Counts the workspaces loaded from the database, whoever loads them. */
const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/plan/workspace.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/plan/workspace.js')>();
  return {
    ...original,
    loadWorkspace: (...args: Parameters<typeof original.loadWorkspace>) => {
      loads.count++;
      return original.loadWorkspace(...args);
    },
  };
});

let site: TestSite;
let viewer: WebClient;
beforeAll(async () => {
  site = await startTestSite();
  viewer = await site.client('viewer');
});
afterAll(async () => site?.close());

/** The page's text from <main>, without the tags, the CSRF token or the session's own parts. */
const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0].replace(/\s+/g, ' ') ?? '';

describe('the tasks page and the dashboard (issue 20)', () => {
  it('read the workspace snapshot the other pages share, not a workspace of their own per request', async () => {
    await viewer.get('/timeline'); // the snapshot, read once while nothing changes
    const before = loads.count;
    for (const path of ['/tasks', '/', '/tasks', '/']) expect((await viewer.get(path)).status, path).toBe(200);
    const task = /href="(\/tasks\/[^"#?]+)"/.exec((await viewer.get('/tasks')).html)?.[1] ?? '';
    expect(task).not.toBe('');
    expect(loads.count - before).toBe(0);
  });

  it('show the same tasks as the command line, which loads the workspace itself', async () => {
    const tasks = await listTasks(site.store.db, site.store.location, site.organisation.id, FIXED_NOW);
    const toDo = tasks.filter((t) => t.state === 'open' || t.state === 'late');
    const page = mainOf((await viewer.get('/tasks')).html);
    for (const t of tasks) expect(page).toContain(t.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
    const dashboard = mainOf((await viewer.get('/')).html);
    expect(dashboard).toContain(`${toDo.length} ${toDo.length === 1 ? 'task' : 'tasks'} to do`);
  });
});
