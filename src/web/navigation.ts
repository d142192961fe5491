import { type Role, roleAllows } from '../accounts/role.js';
import type { RouteRule } from './route-rule.js';

/**
 * The header menu's groups, in the order the header shows them. A page joins the menu by its
 * route row's `nav: { group, label }` (routes.ts); each group's menu page (/menu/:group) lists
 * the pages of it that the person's role may open. A group with no such page is not shown.
 */
export const NAV_GROUPS = [
  { id: 'plan', label: 'Plan', about: 'The timeline, the waves, who gets what and the words for every channel.' },
  {
    id: 'people',
    label: 'People and data',
    about: 'The staff lists and directory exports brought in, the people on them and the results.',
  },
  { id: 'sending', label: 'Sending', about: 'What has been sent and what is queued, the work for other channels and the bounces.' },
  { id: 'admin', label: 'Admin', about: 'The settings, who may use commsplan, the senders and the audit log.' },
] as const;

export type NavGroupId = (typeof NAV_GROUPS)[number]['id'];

/** Where a page sits in the header menu. */
export interface NavEntry {
  group: NavGroupId;
  label: string;
}

export interface NavLink {
  href: string;
  text: string;
  current: boolean;
}

export interface NavGroup {
  id: NavGroupId;
  label: string;
  about: string;
  href: string;
  /** The page shown is this group's menu or one of its pages (or a page under one of them). */
  active: boolean;
  links: NavLink[];
}

export const menuHref = (group: NavGroupId) => `/menu/${group}`;

const isUnder = (path: string, page: string) => path === page || path.startsWith(`${page}/`);

/** The groups of the header menu that this role may see, each with the pages in it, marking where `path` is. */
export function navigationFor(role: Role, routes: readonly RouteRule[], path: string): NavGroup[] {
  const pages = routes.filter((rule) => rule.nav && rule.method === 'GET' && (rule.access === 'public' || roleAllows(role, rule.access)));
  // The page is in the group of the menu link it sits deepest under: /waves/accept-remainder is not under Waves.
  const home = pages.filter((rule) => isUnder(path, rule.path)).sort((a, b) => b.path.length - a.path.length)[0]?.nav?.group;
  return NAV_GROUPS.map((group) => {
    const links = pages
      .filter((rule) => rule.nav?.group === group.id)
      .map((rule) => ({ href: rule.path, text: rule.nav?.label ?? '', current: rule.path === path }));
    const active = path === menuHref(group.id) || home === group.id;
    return { ...group, href: menuHref(group.id), active, links };
  }).filter((group) => group.links.length > 0);
}
