// Which objects a caller may touch, beyond what its role lets it do: NTMS keeps an ACL per
// library and per media pool (USE, MODIFY, CONTROL); here a token may be limited to some libraries
// and some pools, so two backup applications sharing a library cannot touch each other's media.
// The role still says which verbs (reader: look; application: USE and MODIFY its media; operator:
// CONTROL); the scope says on which objects. No scope: every library and pool, as before.

export interface AccessScope {
  /** Library names the caller may name; absent: all. */
  readonly libraries?: readonly string[];
  /** Pool names (each with its sub-pools) whose media the caller may use; absent: all. */
  readonly pools?: readonly string[];
}

/** A caller limited by its token's scope (`scope` absent: unlimited). */
export interface ScopedCaller {
  readonly scope?: AccessScope;
}

const NAME = /^[^\s,][^,]{0,127}$/;

/** A scope as read from a token file or a request body; undefined when it is not one. */
export function asAccessScope(value: unknown): AccessScope | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (Object.keys(v).some((k) => k !== 'libraries' && k !== 'pools')) return undefined;
  const list = (x: unknown): readonly string[] | undefined | false => {
    if (x === undefined) return undefined;
    return Array.isArray(x) && x.length > 0 && x.every((n) => typeof n === 'string' && NAME.test(n)) ? (x as string[]) : false;
  };
  const libraries = list(v.libraries);
  const pools = list(v.pools);
  if (libraries === false || pools === false) return undefined;
  return { ...(libraries !== undefined ? { libraries } : {}), ...(pools !== undefined ? { pools } : {}) };
}

export function mayNameLibrary(scope: AccessScope | undefined, library: string): boolean {
  return scope?.libraries === undefined || scope.libraries.includes(library);
}
