// Operator requests (SubmitNtmsOperatorRequest and friends): work only a person can do — load new
// media, supply a cleaner, service a device, fetch or remove a cartridge — tracked from
// submission to completion or refusal. Conditions the catalog itself detects, such as a second
// cartridge carrying a catalogued barcode, carry a `reason` and are raised once while open.
import type { Selectable } from 'kysely';
import { CatalogError } from './catalogError.ts';
import type { CatalogContext } from './context.ts';
import { describeLocation, type Location } from './medium.ts';
import type { OperatorRequestsTable } from './schema.ts';
import { OPEN_OPERATOR_REQUEST_STATES, type OperatorRequestKind, type OperatorRequestState } from './vocabulary.ts';

export interface NewOperatorRequest {
  readonly kind: OperatorRequestKind;
  readonly message: string;
  readonly libraryId?: string | null;
  readonly reason?: string | null;
  readonly barcode?: string | null;
  readonly mediumId?: string | null;
  readonly poolId?: string | null;
  readonly driveIndex?: number | null;
  readonly application?: string | null;
  readonly user?: string | null;
}

export interface OperatorRequest {
  readonly id: number;
  readonly kind: OperatorRequestKind;
  readonly state: OperatorRequestState;
  readonly message: string;
  readonly libraryId: string | null;
  readonly reason: string | null;
  readonly barcode: string | null;
  readonly mediumId: string | null;
  readonly poolId: string | null;
  readonly driveIndex: number | null;
  readonly application: string | null;
  readonly user: string | null;
  readonly submittedAt: number;
  readonly updatedAt: number;
  readonly resolvedBy: string | null;
}

export const DUPLICATE_BARCODE_REASON = 'duplicate-barcode';

const TRANSITIONS: Record<OperatorRequestState, readonly OperatorRequestState[]> = {
  submitted: ['acknowledged', 'refused', 'completed'],
  acknowledged: ['refused', 'completed'],
  refused: [],
  completed: [],
};

function toOperatorRequest(row: Selectable<OperatorRequestsTable>): OperatorRequest {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    message: row.message,
    libraryId: row.library_id,
    reason: row.reason,
    barcode: row.barcode,
    mediumId: row.medium_id,
    poolId: row.pool_id,
    driveIndex: row.drive_index,
    application: row.application,
    user: row.user_name,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
    resolvedBy: row.resolved_by,
  };
}

export class OperatorRequests {
  constructor(private readonly ctx: CatalogContext) {}

  /**
   * Submit a request. With a `reason`, an open request for the same library, reason and barcode
   * is returned instead of a second one: reconciliation runs again and again, the operator
   * should see one request per problem.
   */
  submit(request: NewOperatorRequest): Promise<OperatorRequest> {
    return this.ctx.atomic(async (tx) => {
      const now = tx.now();
      const inserted = await tx.db
        .insertInto('operator_requests')
        .values({
          kind: request.kind,
          state: 'submitted',
          message: request.message,
          library_id: request.libraryId ?? null,
          reason: request.reason ?? null,
          barcode: request.barcode ?? null,
          medium_id: request.mediumId ?? null,
          pool_id: request.poolId ?? null,
          drive_index: request.driveIndex ?? null,
          application: request.application ?? null,
          user_name: request.user ?? null,
          submitted_at: now,
          updated_at: now,
          resolved_by: null,
        })
        // Not a caught violation: inside a PostgreSQL transaction that would abort the caller's work.
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) return toOperatorRequest(inserted);
      let open = tx.db.selectFrom('operator_requests').selectAll().where('state', 'in', OPEN_OPERATOR_REQUEST_STATES).where('reason', '=', request.reason ?? '');
      open = request.libraryId !== undefined && request.libraryId !== null ? open.where('library_id', '=', request.libraryId) : open.where('library_id', 'is', null);
      open = request.barcode !== undefined && request.barcode !== null ? open.where('barcode', '=', request.barcode) : open.where('barcode', 'is', null);
      const existing = await open.executeTakeFirst();
      if (existing === undefined) throw new CatalogError('INVALID_STATE', 'operator request conflicted but no open request was found');
      return toOperatorRequest(existing);
    });
  }

  /**
   * Reconciliation found a cartridge whose barcode is already catalogued elsewhere. The catalog
   * keeps one row per barcode; the second cartridge becomes a request to take it out.
   */
  reportDuplicateBarcode(libraryId: string, barcode: string, seenAt: Location, catalogued: Location): Promise<OperatorRequest> {
    return this.submit({
      kind: 'move-media',
      libraryId,
      reason: DUPLICATE_BARCODE_REASON,
      barcode,
      message: `Two cartridges carry barcode ${barcode}: the catalogued one is ${describeLocation(catalogued)}, another was found in ${describeLocation(seenAt)}. Remove one and relabel it.`,
    });
  }

  async get(id: number): Promise<OperatorRequest> {
    const row = await this.ctx.db.selectFrom('operator_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new CatalogError('NOT_FOUND', `no operator request ${id}`);
    return toOperatorRequest(row);
  }

  async list(filter: { readonly libraryId?: string; readonly openOnly?: boolean } = {}): Promise<OperatorRequest[]> {
    let query = this.ctx.db.selectFrom('operator_requests').selectAll();
    if (filter.libraryId !== undefined) query = query.where('library_id', '=', filter.libraryId);
    if (filter.openOnly === true) query = query.where('state', 'in', OPEN_OPERATOR_REQUEST_STATES);
    const rows = await query.orderBy('id').execute();
    return rows.map(toOperatorRequest);
  }

  acknowledge(id: number, by: string): Promise<OperatorRequest> {
    return this.resolve(id, 'acknowledged', by);
  }

  refuse(id: number, by: string): Promise<OperatorRequest> {
    return this.resolve(id, 'refused', by);
  }

  complete(id: number, by: string): Promise<OperatorRequest> {
    return this.resolve(id, 'completed', by);
  }

  private resolve(id: number, to: OperatorRequestState, by: string): Promise<OperatorRequest> {
    return this.ctx.atomic(async (tx) => {
      const current = await new OperatorRequests(tx).get(id);
      if (!TRANSITIONS[current.state].includes(to)) throw new CatalogError('INVALID_STATE', `operator request ${id} is ${current.state}; it cannot become ${to}`);
      const result = await tx.db
        .updateTable('operator_requests')
        .set({ state: to, updated_at: tx.now(), resolved_by: by })
        .where('id', '=', id)
        .where('state', '=', current.state)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new CatalogError('INVALID_STATE', `operator request ${id} changed state concurrently`);
      return new OperatorRequests(tx).get(id);
    });
  }
}
