// Drives: what the catalog knows beyond the drive element — which OS device is which drive
// (by serial number, so /dev/nst0 is never assumed to be drive 0), what media it reads and
// writes, and its cleaning state.
import type { Selectable } from 'kysely';
import { CatalogError } from './catalogError.ts';
import type { CatalogContext } from './context.ts';
import type { DrivesTable } from './schema.ts';
import type { DriveState } from './vocabulary.ts';

export interface Drive {
  readonly libraryId: string;
  readonly index: number;
  readonly serialNumber: string | null;
  readonly devicePath: string | null;
  readonly mediaTypesRead: readonly string[];
  readonly mediaTypesWritten: readonly string[];
  readonly state: DriveState;
  readonly needsCleaning: boolean;
  readonly lastCleanedAt: number | null;
  readonly mountCount: number;
}

export interface DriveUpdate {
  readonly serialNumber?: string | null;
  readonly devicePath?: string | null;
  readonly mediaTypesRead?: readonly string[];
  readonly mediaTypesWritten?: readonly string[];
  readonly state?: DriveState;
}

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function toDrive(row: Selectable<DrivesTable>): Drive {
  return {
    libraryId: row.library_id,
    index: row.drive_index,
    serialNumber: row.serial_number,
    devicePath: row.device_path,
    mediaTypesRead: parseList(row.media_types_read),
    mediaTypesWritten: parseList(row.media_types_written),
    state: row.state,
    needsCleaning: row.needs_cleaning === 1,
    lastCleanedAt: row.last_cleaned_at,
    mountCount: row.mount_count,
  };
}

export class Drives {
  constructor(private readonly ctx: CatalogContext) {}

  async list(libraryId: string): Promise<Drive[]> {
    const rows = await this.ctx.sharedRows(this.ctx.db.selectFrom('drives').selectAll().where('library_id', '=', libraryId).orderBy('drive_index').compile());
    return rows.map(toDrive);
  }

  async get(libraryId: string, index: number): Promise<Drive> {
    const row = await this.ctx.db.selectFrom('drives').selectAll().where('library_id', '=', libraryId).where('drive_index', '=', index).executeTakeFirst();
    if (row === undefined) throw new CatalogError('NO_SUCH_ELEMENT', `library ${libraryId} has no drive ${index}`);
    return toDrive(row);
  }

  async update(libraryId: string, index: number, update: DriveUpdate): Promise<Drive> {
    const patch: Partial<DrivesTable> = {};
    if (update.serialNumber !== undefined) patch.serial_number = update.serialNumber;
    if (update.devicePath !== undefined) patch.device_path = update.devicePath;
    if (update.mediaTypesRead !== undefined) patch.media_types_read = JSON.stringify(update.mediaTypesRead);
    if (update.mediaTypesWritten !== undefined) patch.media_types_written = JSON.stringify(update.mediaTypesWritten);
    if (update.state !== undefined) patch.state = update.state;
    if (Object.keys(patch).length > 0) await this.set(libraryId, index, patch);
    return this.get(libraryId, index);
  }

  /** From TapeAlert or "cleaning required" sense; cleared by `recordCleaned`. */
  async setNeedsCleaning(libraryId: string, index: number, needsCleaning: boolean): Promise<void> {
    await this.set(libraryId, index, { needs_cleaning: needsCleaning ? 1 : 0 });
  }

  async recordCleaned(libraryId: string, index: number): Promise<void> {
    await this.set(libraryId, index, { needs_cleaning: 0, last_cleaned_at: this.ctx.now() });
  }

  async recordMount(libraryId: string, index: number): Promise<void> {
    const result = await this.ctx.db
      .updateTable('drives')
      .set((eb) => ({ mount_count: eb('mount_count', '+', 1) }))
      .where('library_id', '=', libraryId)
      .where('drive_index', '=', index)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CatalogError('NO_SUCH_ELEMENT', `library ${libraryId} has no drive ${index}`);
  }

  private async set(libraryId: string, index: number, patch: Partial<DrivesTable>): Promise<void> {
    const result = await this.ctx.db.updateTable('drives').set(patch).where('library_id', '=', libraryId).where('drive_index', '=', index).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CatalogError('NO_SUCH_ELEMENT', `library ${libraryId} has no drive ${index}`);
  }
}
