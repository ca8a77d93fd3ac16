// What the first 100 bytes of a file say about whether it can be a SQLite catalog, before SQLite
// sees it: SQLite takes an empty file for a new database and reads a file cut inside its last page
// without complaint, and either would quietly lose the catalog (its pools, history, fencing key).

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
export const SQLITE_HEADER_BYTES = 100;

export interface SqliteFileFacts {
  /** The file's size in bytes. */
  readonly size: number;
  /** Its first bytes, up to SQLITE_HEADER_BYTES. */
  readonly header: Buffer;
  /** A non-empty `-wal` file is beside it: pages may live there, so the main file may be shorter than its header says. */
  readonly walPresent: boolean;
}

/** The page size field: 1 stands for 65536, which does not fit in two bytes. */
function pageSize(header: Buffer): number {
  const field = header.readUInt16BE(16);
  return field === 1 ? 65536 : field;
}

/**
 * Why the file cannot be a catalog, as a clause for a message ("it is empty (0 bytes)"); undefined
 * when its header is sound and SQLite should judge the rest.
 */
export function sqliteHeaderProblem(facts: SqliteFileFacts): string | undefined {
  const { size, header } = facts;
  if (size === 0) return 'it is empty (0 bytes)';
  if (header.length < SQLITE_HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) return `it is not a SQLite database (${size} bytes without a SQLite header)`;
  const page = pageSize(header);
  // SQLite pages are powers of two from 512 to 65536 bytes; anything else is a damaged header.
  if (page < 512 || (page & (page - 1)) !== 0) return `its header is damaged (page size ${page})`;
  if (facts.walPresent) return undefined;
  // The page count in the header is only kept by writers that also keep "version-valid-for" equal to the change counter.
  const pageCountValid = header.readUInt32BE(24) === header.readUInt32BE(92) && header.readUInt32BE(28) > 0;
  const expected = pageCountValid ? header.readUInt32BE(28) * page : undefined;
  if (expected !== undefined && size < expected) return `it is truncated (${size} bytes where its header says ${expected})`;
  if (size % page !== 0) return `it is truncated (${size} bytes is not a whole number of ${page}-byte pages)`;
  return undefined;
}
