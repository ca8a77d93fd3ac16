// The audit log: every operation with who asked (API token, role, application), what, when, and
// a JSON detail. Append-only from the catalog's side; it outlives the libraries it mentions.
import type { Selectable } from 'kysely';
import type { CatalogContext } from './context.ts';
import type { AuditTable } from './schema.ts';

export interface Actor {
  /** The API token's id or name — never the secret itself: the log is readable by operators. */
  readonly token?: string | null;
  readonly role?: string | null;
  readonly application?: string | null;
}

export interface NewAuditEntry {
  readonly who: Actor;
  /** A verb-like name, e.g. `media.place`, `lease.acquire`. */
  readonly action: string;
  readonly libraryId?: string | null;
  /** What it acted on: a barcode, a request id, a pool name. */
  readonly target?: string | null;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  readonly who: { readonly token: string | null; readonly role: string | null; readonly application: string | null };
  readonly action: string;
  readonly libraryId: string | null;
  readonly target: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditQuery {
  readonly libraryId?: string;
  readonly action?: string;
  /** Entries at or after this time (epoch ms). */
  readonly since?: number;
  /** Newest entries first, at most this many (default 100). */
  readonly limit?: number;
}

function toEntry(row: Selectable<AuditTable>): AuditEntry {
  const detail: unknown = JSON.parse(row.detail);
  return {
    id: row.id,
    at: row.at,
    who: { token: row.who_token, role: row.who_role, application: row.who_application },
    action: row.action,
    libraryId: row.library_id,
    target: row.target,
    detail: typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : { value: detail },
  };
}

export class Audit {
  constructor(private readonly ctx: CatalogContext) {}

  async record(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.ctx.db
      .insertInto('audit')
      .values({
        at: this.ctx.now(),
        who_token: entry.who.token ?? null,
        who_role: entry.who.role ?? null,
        who_application: entry.who.application ?? null,
        action: entry.action,
        library_id: entry.libraryId ?? null,
        target: entry.target ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    let select = this.ctx.db.selectFrom('audit').selectAll();
    if (query.libraryId !== undefined) select = select.where('library_id', '=', query.libraryId);
    if (query.action !== undefined) select = select.where('action', '=', query.action);
    if (query.since !== undefined) select = select.where('at', '>=', query.since);
    const rows = await select
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit ?? 100)
      .execute();
    return rows.map(toEntry);
  }
}
