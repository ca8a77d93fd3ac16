// Recognising which constraint an engine refused. The constraints are the catalog's last line of
// defence (two managers racing cannot both win), so their refusals must become the same
// CatalogError on both engines: PostgreSQL names the violated index, SQLite lists its columns.

export interface UniqueIndex {
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[];
}

export const MEDIA_BARCODE_INDEX: UniqueIndex = { name: 'media_barcode', table: 'media', columns: ['library_id', 'barcode'] };
export const MEDIA_LOCATION_INDEX: UniqueIndex = {
  name: 'media_location',
  table: 'media',
  columns: ['library_id', 'location_type', 'location_index'],
};
export const POOL_NAME_INDEX: UniqueIndex = { name: 'pools_name_key', table: 'pools', columns: ['name'] };

function field(err: unknown, key: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[key] : undefined;
}

export function isUniqueViolation(err: unknown, index?: UniqueIndex): boolean {
  const code = field(err, 'code');
  if (code === '23505') return index === undefined || field(err, 'constraint') === index.name;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    if (index === undefined) return true;
    const message = String(field(err, 'message'));
    const listed = message.slice(message.indexOf(':') + 1).split(',').map((c) => c.trim());
    const expected = index.columns.map((c) => `${index.table}.${c}`);
    return listed.length === expected.length && expected.every((c, i) => listed[i] === c);
  }
  return false;
}

/** PostgreSQL's serialization failure and deadlock: the transaction may simply be run again. */
export function isRetryableConflict(err: unknown): boolean {
  const code = field(err, 'code');
  return code === '40001' || code === '40P01';
}

/** SQLite saying the file is not a database or is damaged. */
export function isSqliteCorruption(err: unknown): boolean {
  const code = field(err, 'code');
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}
