import { isChangerError } from '../../shared/changerError.ts';
import { isCatalogError } from '../catalog/catalogError.ts';
import type { LeaseAttempt } from '../catalog/leases.ts';
import type { CatalogScope } from '../catalog/scope.ts';
import { isRsmError, RsmError } from '../rsmError.ts';

/**
 * How a failed acquisition reads to the manager's clients: one RsmError whose message says what
 * to do, with the catalog's or the changer's own error kept as the cause.
 */

type Refused = Extract<LeaseAttempt, { acquired: false }>;

/** The refusal of a library another manager owns: who, until when, and what happens then. */
export async function refusal(catalog: CatalogScope, libraryId: string, attempt: Refused): Promise<RsmError> {
  const name = await catalog.libraries.get(libraryId).then((l) => l.name, () => libraryId);
  const until = new Date(attempt.expiresAt).toISOString();
  return new RsmError(
    'LIBRARY_UNAVAILABLE',
    `library ${name} is owned by manager ${attempt.ownerId} until ${until}; it will be taken over when that lease expires`,
    { detail: { libraryId, ownerId: attempt.ownerId, expiresAt: until, fencingKey: attempt.fencingKey } },
  );
}

export function acquisitionError(e: unknown, libraryId: string, deviceUrl: string): RsmError {
  if (isRsmError(e)) return e;
  const reason = e instanceof Error ? e.message : String(e);
  if (isCatalogError(e, 'NOT_FOUND')) return new RsmError('NOT_FOUND', `no library ${libraryId} in the catalog`, { cause: e });
  if (isCatalogError(e, 'INVALID_PARAMETER')) return new RsmError('INVALID_PARAMETER', reason, { cause: e });
  if (isCatalogError(e)) return new RsmError('LIBRARY_UNAVAILABLE', `cannot take library ${libraryId}: the catalog failed: ${reason}`, { cause: e });
  if (isChangerError(e, 'DEVICE_BUSY')) {
    return new RsmError('LIBRARY_UNAVAILABLE', `cannot take library ${libraryId}: its changer ${deviceUrl} is open in another program on this host: ${reason}`, { cause: e });
  }
  return new RsmError('DEVICE_ERROR', `cannot take library ${libraryId}: its changer ${deviceUrl} failed: ${reason}`, { cause: e });
}
