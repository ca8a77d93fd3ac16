// Operator requests as the manager raises and resolves them: each change is written to the
// catalog and published. A request a library request waits on carries the reason
// `request-<id>`, which links the two across restarts without another table.
import type { NewOperatorRequest, OperatorRequest } from '../../catalog/index.ts';
import type { ManagerContext } from '../context.ts';

const LINK_PREFIX = 'request-';

export function linkReason(requestId: number): string {
  return `${LINK_PREFIX}${requestId}`;
}

/** The library request an operator request was raised for, if any. */
export function linkedRequestId(operatorRequest: Pick<OperatorRequest, 'reason'>): number | undefined {
  const reason = operatorRequest.reason;
  if (reason === null || !reason.startsWith(LINK_PREFIX)) return undefined;
  const id = Number(reason.slice(LINK_PREFIX.length));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

export class OperatorDesk {
  constructor(
    private readonly ctx: ManagerContext,
    private readonly libraryName: (libraryId: string | null) => string | null,
  ) {}

  #publish(request: OperatorRequest): OperatorRequest {
    this.ctx.bus.publish({ type: 'operator-request', library: this.libraryName(request.libraryId), operatorRequest: request });
    return request;
  }

  async submit(request: NewOperatorRequest): Promise<OperatorRequest> {
    const before = request.reason !== undefined && request.reason !== null ? await this.#openWithReason(request) : undefined;
    const submitted = await this.ctx.catalog.operatorRequests.submit(request);
    // A condition already raised and still open is the same request: no second event.
    if (before !== undefined && before.id === submitted.id) return submitted;
    this.ctx.logger.info({ operatorRequest: submitted.id, kind: submitted.kind }, submitted.message);
    return this.#publish(submitted);
  }

  async #openWithReason(request: NewOperatorRequest): Promise<OperatorRequest | undefined> {
    const open = await this.ctx.catalog.operatorRequests.list({ ...(request.libraryId !== undefined && request.libraryId !== null ? { libraryId: request.libraryId } : {}), openOnly: true });
    return open.find((r) => r.reason === request.reason && r.barcode === (request.barcode ?? null));
  }

  /** The operator requests of a library not yet completed or refused. */
  async open(libraryId: string): Promise<OperatorRequest[]> {
    return [...(await this.ctx.catalog.operatorRequests.list({ libraryId, openOnly: true }))];
  }

  /** The open operator request a library request waits on. */
  async linkedTo(requestId: number, libraryId: string): Promise<OperatorRequest | undefined> {
    const all = await this.ctx.catalog.operatorRequests.list({ libraryId });
    return all.filter((r) => r.reason === linkReason(requestId)).at(-1);
  }

  async acknowledge(id: number, by: string): Promise<OperatorRequest> {
    return this.#publish(await this.ctx.catalog.operatorRequests.acknowledge(id, by));
  }

  async refuse(id: number, by: string): Promise<OperatorRequest> {
    return this.#publish(await this.ctx.catalog.operatorRequests.refuse(id, by));
  }

  async complete(id: number, by: string): Promise<OperatorRequest> {
    return this.#publish(await this.ctx.catalog.operatorRequests.complete(id, by));
  }
}
