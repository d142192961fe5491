/** Who may do what in the web app, from least to most. Each role can do everything the ones before it can. */
export const ROLES = ['viewer', 'editor', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route needs: anyone (`public`), or a signed-in person with at least this role. */
export type Access = Role | 'public';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when someone with `role` may use a route that needs `needed`. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
