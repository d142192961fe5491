import { describe, expect, it } from 'vitest';
import { navigationFor } from './navigation.js';
import type { RouteRule } from './route-rule.js';

const handler = async () => undefined;
const ROWS: RouteRule[] = [
  { method: 'GET', path: '/timeline', access: 'viewer', changesData: false, nav: { group: 'plan', label: 'Timeline' }, handler },
  { method: 'GET', path: '/waves', access: 'viewer', changesData: false, nav: { group: 'plan', label: 'Waves' }, handler },
  { method: 'GET', path: '/imports', access: 'editor', changesData: false, nav: { group: 'people', label: 'Imports' }, handler },
  { method: 'GET', path: '/users', access: 'admin', changesData: false, nav: { group: 'admin', label: 'Users' }, handler },
  {
    method: 'GET',
    path: '/waves/accept-remainder',
    access: 'admin',
    changesData: false,
    nav: { group: 'people', label: 'Accept the remainder' },
    handler,
  },
  { method: 'POST', path: '/waves', access: 'editor', changesData: true, handler },
];

describe('the header menu', () => {
  it('lists only the groups with a page the role may open, in the menu order, each with its pages', () => {
    const shown = (role: 'viewer' | 'editor' | 'admin') =>
      navigationFor(role, ROWS, '/').map((group) => `${group.label}: ${group.links.map((link) => link.text).join(', ')}`);
    expect(shown('viewer')).toEqual(['Plan: Timeline, Waves']);
    expect(shown('editor')).toEqual(['Plan: Timeline, Waves', 'People and data: Imports']);
    expect(shown('admin')).toEqual(['Plan: Timeline, Waves', 'People and data: Imports, Accept the remainder', 'Admin: Users']);
  });

  it('marks the group of the page shown, a page under one of its pages and its own menu page alike', () => {
    const active = (path: string) =>
      navigationFor('admin', ROWS, path)
        .filter((group) => group.active)
        .map((group) => group.id);
    expect(active('/waves')).toEqual(['plan']);
    expect(active('/waves/3/people')).toEqual(['plan']);
    // A page under two menu links belongs to the deeper one only.
    expect(active('/waves/accept-remainder')).toEqual(['people']);
    expect(active('/menu/admin')).toEqual(['admin']);
    expect(active('/')).toEqual([]);
    expect(navigationFor('admin', ROWS, '/waves')[0]?.links.find((link) => link.current)?.text).toBe('Waves');
  });
});
