// The API's roles, each allowed everything the ones before it are: a reader looks, an application
// mounts and dismounts its media, an operator also works the library (inject, eject, inventory,
// cleaning, front panel, operator requests), an admin also manages tokens.

export const ROLES = ['reader', 'application', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(word: string): word is Role {
  return (ROLES as readonly string[]).includes(word);
}

/** Does a caller with `role` have at least `needed`? */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
