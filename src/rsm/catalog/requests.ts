// The library request queue (NTMS library requests / work items): mounts, dismounts, moves,
// inject/eject, inventory and cleaning, each with a priority from -15 to +15 and a history of
// every state it went through, so "why did my mount take 20 minutes" has an answer. Only the
// library's current lease holder may claim work, so a manager that lost its lease cannot start
// a request another manager will also run.
import { sql, type Insertable, type Selectable } from 'kysely';
import { Audit, type Actor } from './audit.ts';
import { CatalogError } from './catalogError.ts';
import type { CatalogContext } from './context.ts';
import { Leases, type Lease } from './leases.ts';
import type { RequestHistoryTable, RequestsTable } from './schema.ts';
import type { Place } from '../../shared/place.ts';
import { FINISHED_REQUEST_STATES, PRIORITY_HIGHEST, PRIORITY_LOWEST, type RequestKind, type RequestState } from './vocabulary.ts';

export interface NewRequest {
  readonly libraryId: string;
  readonly kind: RequestKind;
  readonly priority?: number;
  readonly application?: string | null;
  readonly user?: string | null;
  readonly mediumId?: string | null;
  readonly side?: number | null;
  readonly poolId?: string | null;
  readonly driveIndex?: number | null;
  readonly destination?: Place | null;
  /** Kind-specific options (mount read/write, deferred dismount…), kept as JSON. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Epoch ms after which a request that has not finished times out. */
  readonly deadlineAt?: number | null;
}

export interface LibraryRequest {
  readonly id: number;
  readonly libraryId: string;
  readonly kind: RequestKind;
  readonly state: RequestState;
  readonly priority: number;
  readonly application: string | null;
  readonly user: string | null;
  readonly mediumId: string | null;
  readonly side: number | null;
  readonly poolId: string | null;
  readonly driveIndex: number | null;
  readonly destination: Place | null;
  readonly options: Readonly<Record<string, unknown>>;
  readonly deadlineAt: number | null;
  readonly submittedAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly errorCode: string | null;
  readonly claimedBy: string | null;
}

export interface RequestHistoryEntry {
  readonly state: RequestState;
  readonly at: number;
  readonly note: string | null;
}

export interface RequestFilter {
  readonly libraryId?: string;
  readonly states?: readonly RequestState[];
  readonly kinds?: readonly RequestKind[];
  /** Requests for this medium only. */
  readonly mediumId?: string;
}

/** Which state may follow which. Finished states are final. */
const TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  queued: ['waiting', 'in-progress', 'cancelled', 'timed-out', 'failed'],
  waiting: ['queued', 'in-progress', 'cancelled', 'timed-out', 'failed'],
  'in-progress': ['waiting', 'completed', 'failed', 'cancelled', 'timed-out'],
  completed: [],
  failed: [],
  cancelled: [],
  'timed-out': [],
};

function parseOptions(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toRequest(row: Selectable<RequestsTable>): LibraryRequest {
  return {
    id: row.id,
    libraryId: row.library_id,
    kind: row.kind,
    state: row.state,
    priority: row.priority,
    application: row.application,
    user: row.user_name,
    mediumId: row.medium_id,
    side: row.side,
    poolId: row.pool_id,
    driveIndex: row.drive_index,
    destination: row.destination_type !== null && row.destination_index !== null ? { type: row.destination_type, index: row.destination_index } : null,
    options: parseOptions(row.options),
    deadlineAt: row.deadline_at,
    submittedAt: row.submitted_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    errorCode: row.error_code,
    claimedBy: row.claimed_by,
  };
}

function toHistory(row: Selectable<RequestHistoryTable>): RequestHistoryEntry {
  return { state: row.state, at: row.at, note: row.note };
}

function checkedPriority(request: NewRequest): number {
  const priority = request.priority ?? 0;
  if (!Number.isInteger(priority) || priority < PRIORITY_LOWEST || priority > PRIORITY_HIGHEST) {
    throw new CatalogError('INVALID_PARAMETER', `priority ${priority} is outside ${PRIORITY_LOWEST}…${PRIORITY_HIGHEST}`);
  }
  return priority;
}

/** A new request's row, queued at `now`. */
function requestRow(request: NewRequest, priority: number, now: number): Insertable<RequestsTable> {
  return {
    library_id: request.libraryId,
    kind: request.kind,
    state: 'queued',
    priority,
    application: request.application ?? null,
    user_name: request.user ?? null,
    medium_id: request.mediumId ?? null,
    side: request.side ?? null,
    pool_id: request.poolId ?? null,
    drive_index: request.driveIndex ?? null,
    destination_type: request.destination?.type ?? null,
    destination_index: request.destination?.index ?? null,
    options: JSON.stringify(request.options ?? {}),
    deadline_at: request.deadlineAt ?? null,
    submitted_at: now,
    started_at: null,
    finished_at: null,
    error_code: null,
    claimed_by: null,
  };
}

export class Requests {
  constructor(private readonly ctx: CatalogContext) {}

  enqueue(request: NewRequest): Promise<LibraryRequest> {
    const priority = checkedPriority(request);
    return this.ctx.atomic(async (tx) => {
      const now = tx.now();
      const row = await tx.db.insertInto('requests').values(requestRow(request, priority, now)).returningAll().executeTakeFirstOrThrow();
      await tx.db.insertInto('request_history').values({ request_id: row.id, state: 'queued', at: now, note: null }).execute();
      return toRequest(row);
    });
  }

  /**
   * enqueue() and the audit entry of who asked for it, atomically: action `request.<kind>`,
   * detail `{ request: <its id>, priority, ...detail }`. On PostgreSQL one statement, so one round
   * trip where a transaction took five (begin, three inserts, commit): under a mount mix at 200
   * connections each round trip waited about one turn of a busy event loop (issue 17).
   */
  async enqueueRecorded(request: NewRequest, audit: { readonly who: Actor; readonly target: string | null; readonly detail: Readonly<Record<string, unknown>> }): Promise<LibraryRequest> {
    const priority = checkedPriority(request);
    const action = `request.${request.kind}`;
    if (this.ctx.engine !== 'postgres' || this.ctx.inTransaction || 'request' in audit.detail || 'priority' in audit.detail) {
      return this.ctx.atomic(async (tx) => {
        const written = await new Requests(tx).enqueue(request);
        await new Audit(tx).record({ who: audit.who, action, libraryId: written.libraryId, target: audit.target, detail: { request: written.id, priority: written.priority, ...audit.detail } });
        return written;
      });
    }
    const now = this.ctx.now();
    const values = requestRow(request, priority, now);
    const columns = Object.keys(values);
    // The detail as JSON.stringify writes `{ request: id, priority, ...detail }`: the id spliced in front of the rest.
    const rest = `,${JSON.stringify({ priority, ...audit.detail }).slice(1)}`;
    const result = await sql<Selectable<RequestsTable>>`
      with r as (
        insert into requests (${sql.join(columns.map((column) => sql.ref(column)))})
        values (${sql.join(columns.map((column) => values[column as keyof typeof values]))})
        returning *
      ), h as (
        insert into request_history (request_id, state, at, note) select id, 'queued', ${now}::bigint, null from r
      ), a as (
        insert into audit (at, who_token, who_role, who_application, action, library_id, target, detail)
        select ${now}::bigint, ${audit.who.token ?? null}::text, ${audit.who.role ?? null}::text, ${audit.who.application ?? null}::text, ${action}::text, library_id, ${audit.target}::text, '{"request":' || id || ${rest}::text from r
      )
      select * from r`.execute(this.ctx.db);
    const row = result.rows[0];
    if (row === undefined) throw new CatalogError('UNAVAILABLE', 'the catalog wrote no request');
    return toRequest(row);
  }

  async get(id: number): Promise<LibraryRequest> {
    const row = await this.ctx.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new CatalogError('NOT_FOUND', `no request ${id}`);
    return toRequest(row);
  }

  async list(filter: RequestFilter = {}): Promise<LibraryRequest[]> {
    let query = this.ctx.db.selectFrom('requests').selectAll();
    if (filter.libraryId !== undefined) query = query.where('library_id', '=', filter.libraryId);
    if (filter.states !== undefined && filter.states.length > 0) query = query.where('state', 'in', filter.states);
    if (filter.kinds !== undefined && filter.kinds.length > 0) query = query.where('kind', 'in', filter.kinds);
    if (filter.mediumId !== undefined) query = query.where('medium_id', '=', filter.mediumId);
    const rows = await this.ctx.sharedRows(query.orderBy('id').compile());
    return rows.map(toRequest);
  }

  /**
   * Deletes finished requests (and their history) that ended before `before` (epoch ms), as NTMS
   * purges its library-request history; unfinished requests are never touched. Returns how many.
   */
  purgeFinished(before: number, libraryId?: string): Promise<number> {
    return this.ctx.atomic(async (tx) => {
      let query = tx.db.selectFrom('requests').select('id').where('state', 'in', [...FINISHED_REQUEST_STATES]).where('finished_at', '<', before);
      if (libraryId !== undefined) query = query.where('library_id', '=', libraryId);
      const ids = (await query.execute()).map((r) => r.id);
      if (ids.length === 0) return 0;
      await tx.db.deleteFrom('request_history').where('request_id', 'in', ids).execute();
      await tx.db.deleteFrom('requests').where('id', 'in', ids).execute();
      return ids.length;
    });
  }

  /** The queue in the order the scheduler should consider it: priority, then age. */
  async queued(libraryId: string): Promise<LibraryRequest[]> {
    const rows = await this.ctx.db
      .selectFrom('requests')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('state', '=', 'queued')
      .orderBy('priority', 'desc')
      .orderBy('submitted_at')
      .orderBy('id')
      .execute();
    return rows.map(toRequest);
  }

  /**
   * Take the next queued request of the lease's library (highest priority, oldest first) and
   * mark it in progress; undefined when the queue is empty. Racing claimers never get the same
   * request: PostgreSQL skips rows another claimer has locked, SQLite serialises the claims.
   */
  claimNext(lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>, kinds?: readonly RequestKind[]): Promise<LibraryRequest | undefined> {
    return this.ctx.atomic(async (tx) => {
      await new Leases(tx).assertHeld(lease);
      // The row is locked (PostgreSQL) or the database is (SQLite), so the first claim should
      // stick; the bound only keeps a surprise from spinning forever.
      for (let attempt = 0; attempt < 20; attempt++) {
        let query = tx.db
          .selectFrom('requests')
          .select('id')
          .where('library_id', '=', lease.libraryId)
          .where('state', '=', 'queued')
          .orderBy('priority', 'desc')
          .orderBy('submitted_at')
          .orderBy('id')
          .limit(1);
        if (kinds !== undefined && kinds.length > 0) query = query.where('kind', 'in', kinds);
        if (tx.engine === 'postgres') query = query.forUpdate().skipLocked();
        const next = await query.executeTakeFirst();
        if (next === undefined) return undefined;
        const claimed = await claim(tx, next.id, ['queued'], lease.ownerId);
        if (claimed !== undefined) return claimed;
      }
      return undefined;
    });
  }

  /** Claim one chosen request (the scheduler picked it), if it is still queued or waiting. */
  claim(id: number, lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>): Promise<LibraryRequest> {
    return this.ctx.atomic(async (tx) => {
      await new Leases(tx).assertHeld(lease);
      const claimed = await claim(tx, id, ['queued', 'waiting'], lease.ownerId, lease.libraryId);
      if (claimed === undefined) {
        const current = await new Requests(tx).get(id);
        throw new CatalogError('INVALID_STATE', `request ${id} is ${current.state}${current.libraryId !== lease.libraryId ? ` and belongs to library ${current.libraryId}` : ''}`);
      }
      return claimed;
    });
  }

  /**
   * Move a request to `to`, recording it in the history. Only from `from` when given (so two
   * writers cannot both finish a request), else from any state that may precede `to`.
   */
  transition(id: number, to: RequestState, details: { readonly from?: RequestState; readonly errorCode?: string | null; readonly note?: string | null; readonly driveIndex?: number } = {}): Promise<LibraryRequest> {
    return this.ctx.atomic(async (tx) => {
      const current = await new Requests(tx).get(id);
      const from = details.from ?? current.state;
      if (current.state !== from || !TRANSITIONS[from].includes(to)) {
        throw new CatalogError('INVALID_STATE', `request ${id} is ${current.state}; it cannot become ${to}${details.from !== undefined ? ` from ${details.from}` : ''}`);
      }
      const now = tx.now();
      const finished = FINISHED_REQUEST_STATES.includes(to);
      const result = await tx.db
        .updateTable('requests')
        .set({
          state: to,
          ...(finished ? { finished_at: now } : {}),
          ...(to === 'in-progress' && current.startedAt === null ? { started_at: now } : {}),
          ...(details.errorCode !== undefined ? { error_code: details.errorCode } : {}),
          ...(details.driveIndex !== undefined ? { drive_index: details.driveIndex } : {}),
        })
        .where('id', '=', id)
        .where('state', '=', from)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new CatalogError('INVALID_STATE', `request ${id} changed state concurrently`);
      await tx.db.insertInto('request_history').values({ request_id: id, state: to, at: now, note: details.note ?? null }).execute();
      return new Requests(tx).get(id);
    });
  }

  cancel(id: number, note?: string): Promise<LibraryRequest> {
    return this.transition(id, 'cancelled', { note: note ?? null });
  }

  /** Time out every unfinished request of a library whose deadline has passed; returns them. */
  expireOverdue(libraryId: string): Promise<LibraryRequest[]> {
    return this.ctx.atomic(async (tx) => {
      const now = tx.now();
      const overdue = await tx.db
        .selectFrom('requests')
        .select('id')
        .where('library_id', '=', libraryId)
        .where('state', 'in', ['queued', 'waiting', 'in-progress'])
        .where('deadline_at', 'is not', null)
        .where('deadline_at', '<=', now)
        .execute();
      const expired: LibraryRequest[] = [];
      for (const { id } of overdue) expired.push(await new Requests(tx).transition(id, 'timed-out', { errorCode: 'TIMEOUT', note: 'deadline passed' }));
      return expired;
    });
  }

  async history(id: number): Promise<RequestHistoryEntry[]> {
    const rows = await this.ctx.db.selectFrom('request_history').selectAll().where('request_id', '=', id).orderBy('id').execute();
    return rows.map(toHistory);
  }
}

async function claim(ctx: CatalogContext, id: number, from: RequestState[], ownerId: string, libraryId?: string): Promise<LibraryRequest | undefined> {
  const now = ctx.now();
  let update = ctx.db
    .updateTable('requests')
    // A request that waited after starting keeps its first start time.
    .set((eb) => ({ state: 'in-progress', started_at: eb.fn.coalesce('started_at', eb.val(now)), claimed_by: ownerId }))
    .where('id', '=', id)
    .where('state', 'in', from);
  if (libraryId !== undefined) update = update.where('library_id', '=', libraryId);
  const row = await update.returningAll().executeTakeFirst();
  if (row === undefined) return undefined;
  await ctx.db.insertInto('request_history').values({ request_id: id, state: 'in-progress', at: now, note: `claimed by ${ownerId}` }).execute();
  return toRequest(row);
}
